/*
 * Copyright 2026 the etcd-spring-boot-starter authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.etcdspring.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.AbstractPropertyResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.SystemPropertyUtils;

/**
 * Turns the key-values of a context into properties, in the context's format.
 * <p>
 * Content in etcd is not trusted like a file in the application: whoever may write one
 * key must not be able to take the application down or make it show secrets. Documents
 * are read with SnakeYAML's safe limits, which Spring Boot's YAML loader lifts for local
 * files (50 aliases, 50 levels of nesting, no recursive keys, no global tags), JSON
 * documents with the same nesting limit and duplicate keys refused, every document is
 * limited to SnakeYAML's 3 MiB characters, and flattening refuses documents that contain
 * themselves or expand far beyond their size. Any {@link Error} thrown while parsing is a
 * rejected document too. A rejected document is reported as an
 * {@link EtcdConfigDocumentException} naming the key and, where known, the line, never
 * the content. {@code key-value} names follow {@link EtcdConfigKeyNames}.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdConfigParser {

	/**
	 * Longest document accepted, in characters: SnakeYAML's default code point limit.
	 */
	static final int MAX_DOCUMENT_LENGTH = 3 * 1024 * 1024;

	/**
	 * Deepest nesting accepted: SnakeYAML's default.
	 */
	static final int MAX_NESTING_DEPTH = 50;

	private static final Log logger = LogFactory.getLog(EtcdConfigParser.class);

	private static final boolean SNAKEYAML_PRESENT = ClassUtils.isPresent("org.yaml.snakeyaml.Yaml",
			EtcdConfigParser.class.getClassLoader());

	private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
			EtcdConfigParser.class.getClassLoader());

	private static final Pattern BAD_UNICODE_ESCAPE = Pattern.compile("\\\\u(?![0-9a-fA-F]{4})");

	private EtcdConfigParser() {
	}

	/**
	 * Parse the key-values of a context, logging what is ignored.
	 * @param context the context
	 * @param keyValues its key-values, by full key
	 * @return the properties by name
	 * @throws EtcdConfigDocumentException if the document is malformed
	 */
	public static Map<String, Object> parse(EtcdConfigContext context, Map<String, String> keyValues) {
		return parse(context, keyValues, EtcdConfigParser::warn);
	}

	/**
	 * Log a warning of the parser.
	 * @param warning the warning
	 */
	static void warn(String warning) {
		logger.warn(warning);
	}

	/**
	 * Parse the key-values of a context.
	 * @param context the context
	 * @param keyValues its key-values, by full key
	 * @param warnings receives what is ignored (keys that are not property names, keys
	 * that lose to another key for the same property), for a logger that works where this
	 * runs: while configuration is loaded, Spring Boot's logging is not ready yet
	 * @return the properties by name
	 * @throws EtcdConfigDocumentException if the document is malformed
	 */
	public static Map<String, Object> parse(EtcdConfigContext context, Map<String, String> keyValues,
			Consumer<String> warnings) {
		Map<String, Object> properties = context.format().isDocument() ? document(context, keyValues)
				: EtcdConfigKeyNames.properties(context, keyValues, warnings);
		if (!context.resolvePlaceholders()) {
			escapePlaceholders(properties);
		}
		return properties;
	}

	private static Map<String, Object> document(EtcdConfigContext context, Map<String, String> keyValues) {
		String key = context.documentKey();
		String document = keyValues.get(key);
		if (document == null || document.isBlank()) {
			return new LinkedHashMap<>();
		}
		EtcdConfigFormat format = context.format();
		if (document.length() > MAX_DOCUMENT_LENGTH) {
			throw new EtcdConfigDocumentException(key, format, -1, "the document has " + document.length()
					+ " characters, more than the limit of " + MAX_DOCUMENT_LENGTH);
		}
		try {
			return switch (format) {
				case YAML -> yaml(key, document, format);
				case PROPERTIES -> properties(key, document);
				case JSON -> JACKSON_PRESENT ? JacksonJson.parse(key, document) : yaml(key, document, format);
				case KEY_VALUE -> throw new IllegalStateException();
			};
		}
		catch (LinkageError ex) {
			// A class path problem, not the document's.
			throw new IllegalStateException("Parsing etcd key '" + key + "' failed", ex);
		}
		catch (Error ex) {
			// A stack overflow or a full heap while parsing one document must not
			// take the thread (or the application) with it: it is rejected instead.
			throw new EtcdConfigDocumentException(key, format, -1, "parsing failed with " + ex.getClass().getName());
		}
	}

	private static Map<String, Object> yaml(String key, String document, EtcdConfigFormat format) {
		if (!SNAKEYAML_PRESENT) {
			throw new IllegalStateException(
					"Reading etcd key '" + key + "' as " + format.name().toLowerCase(Locale.ROOT)
							+ " needs SnakeYAML (org.yaml:snakeyaml) on the class path");
		}
		return SnakeYaml.parse(key, document, format);
	}

	private static Map<String, Object> properties(String key, String document) {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(document));
		}
		catch (IOException | IllegalArgumentException ex) {
			Matcher matcher = BAD_UNICODE_ESCAPE.matcher(document);
			int line = matcher.find() ? lineOf(document, matcher.start()) : -1;
			// Properties' own messages quote no content ("Malformed \\uxxxx encoding.").
			throw new EtcdConfigDocumentException(key, EtcdConfigFormat.PROPERTIES, line,
					String.valueOf(ex.getMessage()));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((name) -> result.put(name, properties.getProperty(name)));
		return result;
	}

	/**
	 * Make {@code ${...}} in values literal: each {@code ${} gets Spring's escape
	 * character, which every resolver (the {@code Environment}, {@code @Value}, the
	 * binder) removes when it parses the raw value, instead of resolving the placeholder.
	 */
	private static void escapePlaceholders(Map<String, Object> properties) {
		escapeCharacter();
		properties.replaceAll((name, value) -> escapePlaceholders(value));
	}

	/**
	 * Return a value as a context holds it: with {@code ${...}} made literal unless the
	 * context resolves placeholders.
	 * @param context the context
	 * @param value the value
	 * @return the value to hold
	 */
	static Object value(EtcdConfigContext context, Object value) {
		return context.resolvePlaceholders() ? value : escapePlaceholders(value);
	}

	private static Object escapePlaceholders(Object value) {
		char escape = escapeCharacter();
		String prefix = SystemPropertyUtils.PLACEHOLDER_PREFIX;
		return (value instanceof String string && string.contains(prefix)) ? string.replace(prefix, escape + prefix)
				: value;
	}

	private static char escapeCharacter() {
		Character escape = AbstractPropertyResolver.getDefaultEscapeCharacter();
		if (!Objects.equals(escape, SystemPropertyUtils.ESCAPE_CHARACTER)) {
			// The binder always unescapes with '\', the Environment with this one.
			throw new IllegalStateException("etcd.config.resolve-placeholders=false needs Spring's default placeholder "
					+ "escape character '\\', but "
					+ AbstractPropertyResolver.DEFAULT_PLACEHOLDER_ESCAPE_CHARACTER_PROPERTY_NAME + " sets "
					+ ((escape != null) ? "'" + escape + "'" : "none"));
		}
		return escape;
	}

	private static int lineOf(String text, int index) {
		int line = 1;
		for (int i = 0; i < index; i++) {
			if (text.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

	/**
	 * Kept apart so that the parser loads without SnakeYAML on the class path.
	 */
	private static final class SnakeYaml {

		static Map<String, Object> parse(String key, String document, EtcdConfigFormat format) {
			// SnakeYAML's safe defaults: 50 aliases for collections, 50 levels, 3 MiB
			// code
			// points, no recursive keys, global tags refused.
			LoaderOptions options = new LoaderOptions();
			options.setAllowDuplicateKeys(false);
			DumperOptions dumperOptions = new DumperOptions();
			Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options,
					new NoTimestampResolver());
			EtcdConfigFlattener flattener = new EtcdConfigFlattener(document.length());
			try {
				// Later documents override earlier ones, as in application.yml.
				for (Object root : yaml.loadAll(document)) {
					if (root instanceof Map<?, ?> map) {
						flattener.add(map);
					}
					else if (root != null) {
						throw new EtcdConfigDocumentException(key, format, -1,
								"the document must be a mapping of property names, not a "
										+ root.getClass().getSimpleName());
					}
				}
			}
			catch (MarkedYAMLException ex) {
				Mark mark = ex.getProblemMark();
				throw new EtcdConfigDocumentException(key, format, (mark != null) ? mark.getLine() + 1 : -1,
						reason(ex));
			}
			catch (YAMLException ex) {
				// SnakeYAML's limits: "Number of aliases for non-scalar nodes exceeds
				// ...",
				// "Nesting Depth exceeded ...", "Recursive key for mapping ...". With a
				// cause, a scalar could not be constructed: the cause may quote it.
				throw new EtcdConfigDocumentException(key, format, -1,
						(ex.getCause() != null) ? unreadable(ex.getCause()) : String.valueOf(ex.getMessage()));
			}
			catch (EtcdConfigFlattener.ShapeException ex) {
				throw new EtcdConfigDocumentException(key, format, -1, String.valueOf(ex.getMessage()));
			}
			catch (EtcdConfigDocumentException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				// From the constructor of a tagged scalar ("!!int abc"): its message
				// quotes it.
				throw new EtcdConfigDocumentException(key, format, -1, unreadable(ex));
			}
			return flattener.properties();
		}

		private static String unreadable(Throwable ex) {
			return "a value cannot be read as its tag says (" + ex.getClass().getSimpleName() + ")";
		}

		/**
		 * The problem and its context, without the marks: their snippet shows the line of
		 * the document, and so the value on it.
		 */
		private static String reason(MarkedYAMLException ex) {
			String problem = String.valueOf(ex.getProblem());
			if (ex.getContext() == null) {
				return problem;
			}
			Mark context = ex.getContextMark();
			return problem + " (" + ex.getContext()
					+ ((context != null) ? " that starts at line " + (context.getLine() + 1) : "") + ")";
		}

	}

	/**
	 * Dates stay strings, as with Spring Boot's YAML loader.
	 */
	private static final class NoTimestampResolver extends Resolver {

		@Override
		public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
			if (tag != Tag.TIMESTAMP) {
				super.addImplicitResolver(tag, regexp, first, limit);
			}
		}

	}

	/**
	 * Kept apart so that the parser loads without Jackson on the class path.
	 */
	private static final class JacksonJson {

		private static final Pattern TOKEN = Pattern.compile("(Unrecognized token )'[^']*'");

		private static final Pattern NUMBER = Pattern.compile("Numeric value \\([^)]*\\)");

		private static final JsonMapper MAPPER = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder()
					.maxNestingDepth(MAX_NESTING_DEPTH)
					.maxDocumentLength(MAX_DOCUMENT_LENGTH)
					.build())
				.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.build())
			.build();

		static Map<String, Object> parse(String key, String document) {
			Object tree;
			try {
				tree = MAPPER.readValue(document, Object.class);
			}
			catch (JacksonException ex) {
				int line = (ex.getLocation() != null) ? ex.getLocation().getLineNr() : -1;
				throw new EtcdConfigDocumentException(key, EtcdConfigFormat.JSON, line, reason(ex));
			}
			if (!(tree instanceof Map<?, ?> map)) {
				throw new EtcdConfigDocumentException(key, EtcdConfigFormat.JSON, 1,
						"the document must be a JSON object");
			}
			EtcdConfigFlattener flattener = new EtcdConfigFlattener(document.length());
			try {
				flattener.add(map);
			}
			catch (EtcdConfigFlattener.ShapeException ex) {
				throw new EtcdConfigDocumentException(key, EtcdConfigFormat.JSON, -1, String.valueOf(ex.getMessage()));
			}
			return flattener.properties();
		}

		/**
		 * Jackson quotes the token it could not read ("Unrecognized token 'xyz'"): keep
		 * the message, not the token.
		 */
		private static String reason(JacksonException ex) {
			String message = String.valueOf(ex.getOriginalMessage());
			message = TOKEN.matcher(message).replaceAll("$1'...'");
			return NUMBER.matcher(message).replaceAll("Numeric value (...)");
		}

	}

}
