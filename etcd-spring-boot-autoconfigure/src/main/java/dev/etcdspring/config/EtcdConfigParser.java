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
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.ClassUtils;

/**
 * Turns the key-values of a context into properties, in the context's format.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdConfigParser {

	private static final boolean JACKSON_PRESENT = ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper",
			EtcdConfigParser.class.getClassLoader());

	private static final Pattern BAD_UNICODE_ESCAPE = Pattern.compile("\\\\u(?![0-9a-fA-F]{4})");

	private EtcdConfigParser() {
	}

	/**
	 * Parse the key-values of a context.
	 * @param context the context
	 * @param keyValues its key-values, by full key
	 * @return the properties by name
	 * @throws EtcdConfigDocumentException if the document is malformed
	 */
	public static Map<String, Object> parse(EtcdConfigContext context, Map<String, String> keyValues) {
		if (!context.format().isDocument()) {
			Map<String, Object> properties = new LinkedHashMap<>(keyValues.size() * 4 / 3 + 1);
			int start = context.keyPrefix().length();
			keyValues.forEach((key, value) -> {
				if (key.length() > start && key.startsWith(context.keyPrefix())) {
					properties.put(key.substring(start).replace('/', '.'), value);
				}
			});
			return properties;
		}
		String document = keyValues.get(context.documentKey());
		if (document == null || document.isBlank()) {
			return Map.of();
		}
		return switch (context.format()) {
			case YAML -> yaml(context.documentKey(), document, EtcdConfigFormat.YAML);
			case PROPERTIES -> properties(context.documentKey(), document);
			case JSON -> json(context.documentKey(), document);
			case KEY_VALUE -> throw new IllegalStateException();
		};
	}

	private static Map<String, Object> yaml(String key, String document, EtcdConfigFormat format) {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(key,
					new ByteArrayResource(document.getBytes(StandardCharsets.UTF_8), key));
			Map<String, Object> properties = new LinkedHashMap<>();
			for (PropertySource<?> source : sources) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						properties.putIfAbsent(name, unwrap(enumerable.getProperty(name)));
					}
				}
			}
			return properties;
		}
		catch (IOException | RuntimeException ex) {
			MarkedYAMLException marked = find(ex, MarkedYAMLException.class);
			Mark mark = (marked != null) ? marked.getProblemMark() : null;
			String reason = (marked != null) ? marked.getProblem() : ex.getMessage();
			throw new EtcdConfigDocumentException(key, format, (mark != null) ? mark.getLine() + 1 : -1,
					String.valueOf(reason), ex);
		}
	}

	private static Map<String, Object> properties(String key, String document) {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(document));
		}
		catch (IOException | IllegalArgumentException ex) {
			Matcher matcher = BAD_UNICODE_ESCAPE.matcher(document);
			int line = matcher.find() ? lineOf(document, matcher.start()) : -1;
			throw new EtcdConfigDocumentException(key, EtcdConfigFormat.PROPERTIES, line, ex.getMessage(), ex);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		properties.stringPropertyNames().forEach((name) -> result.put(name, properties.getProperty(name)));
		return result;
	}

	private static Map<String, Object> json(String key, String document) {
		if (!JACKSON_PRESENT) {
			// JSON is a subset of YAML, and SnakeYAML reports lines too.
			return yaml(key, document, EtcdConfigFormat.JSON);
		}
		return JacksonJson.parse(key, document);
	}

	static void flatten(String prefix, @Nullable Object value, Map<String, Object> result) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, result));
		}
		else if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				flatten(prefix + "[" + i++ + "]", element, result);
			}
			if (collection.isEmpty()) {
				result.put(prefix, "");
			}
		}
		else {
			result.put(prefix, (value != null) ? value.toString() : "");
		}
	}

	private static @Nullable Object unwrap(@Nullable Object value) {
		return (value instanceof OriginTrackedValue tracked) ? tracked.getValue() : value;
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

	private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
		Throwable candidate = ex;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	/**
	 * Kept apart so that the parser loads without Jackson on the class path.
	 */
	private static final class JacksonJson {

		static Map<String, Object> parse(String key, String document) {
			Object tree;
			try {
				tree = JsonMapper.builder().build().readValue(document, Object.class);
			}
			catch (JacksonException ex) {
				int line = (ex.getLocation() != null) ? ex.getLocation().getLineNr() : -1;
				throw new EtcdConfigDocumentException(key, EtcdConfigFormat.JSON, line, ex.getOriginalMessage(), ex);
			}
			if (!(tree instanceof Map<?, ?> map)) {
				throw new EtcdConfigDocumentException(key, EtcdConfigFormat.JSON, 1,
						"the document must be a JSON object", new IllegalArgumentException(String.valueOf(tree)));
			}
			Map<String, Object> result = new LinkedHashMap<>();
			flatten("", map, result);
			return result;
		}

	}

}
