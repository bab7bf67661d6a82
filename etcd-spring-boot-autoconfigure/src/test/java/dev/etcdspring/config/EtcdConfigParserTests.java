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

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Documents from etcd are untrusted: {@link EtcdConfigParser} with hostile and malformed
 * content. Plain unit tests, no etcd.
 */
class EtcdConfigParserTests {

	private static final String KEY = "/config/orders/data";

	private static final EtcdConfigContext YAML = new EtcdConfigContext("/config/orders", EtcdConfigFormat.YAML, "data",
			false);

	private static final EtcdConfigContext JSON = new EtcdConfigContext("/config/orders", EtcdConfigFormat.JSON, "data",
			false);

	private static final EtcdConfigContext PROPERTIES = new EtcdConfigContext("/config/orders",
			EtcdConfigFormat.PROPERTIES, "data", false);

	private static Map<String, Object> parse(EtcdConfigContext context, String document) {
		return EtcdConfigParser.parse(context, Map.of(context.documentKey(), document));
	}

	/**
	 * The classic "billion laughs": nine levels of nine aliases, 10^9 strings once
	 * expanded.
	 */
	static String billionLaughs() {
		StringBuilder yaml = new StringBuilder(
				"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
		char previous = 'a';
		for (char name = 'b'; name <= 'i'; name++) {
			yaml.append(name).append(": &").append(name).append(" [");
			for (int i = 0; i < 9; i++) {
				yaml.append((i > 0) ? "," : "").append('*').append(previous);
			}
			yaml.append("]\n");
			previous = name;
		}
		return yaml.toString();
	}

	/**
	 * Within SnakeYAML's 50 aliases: sixteen levels of three aliases (48) still expand to
	 * 3^16 (43 million) properties.
	 */
	static String bombWithinAliasLimit() {
		StringBuilder yaml = new StringBuilder("l0: &l0 [x, x, x]\n");
		for (int level = 1; level <= 16; level++) {
			String previous = "*l" + (level - 1);
			yaml.append("l")
				.append(level)
				.append(": &l")
				.append(level)
				.append(" [")
				.append(previous)
				.append(", ")
				.append(previous)
				.append(", ")
				.append(previous)
				.append("]\n");
		}
		return yaml.toString();
	}

	@Test
	void billionLaughsIsRejectedNamingTheKey() {
		String bomb = billionLaughs();
		assertThat(bomb.getBytes(StandardCharsets.UTF_8).length).isLessThan(400);
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(YAML, bomb))
			.withMessageStartingWith("Malformed yaml configuration in etcd key '" + KEY + "'")
			.withMessageContaining("aliases")
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo(KEY));
	}

	@Test
	void expansionWithinTheAliasLimitIsRejected() {
		assertThatExceptionOfType(EtcdConfigDocumentException.class)
			.isThrownBy(() -> parse(YAML, bombWithinAliasLimit()))
			.withMessageStartingWith("Malformed yaml configuration in etcd key '" + KEY + "'")
			.withMessageContaining("expands");
	}

	@Test
	void selfReferencingAliasIsRejected() {
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(YAML, "a: &a [*a]\n"))
			.withMessageStartingWith("Malformed yaml configuration in etcd key '" + KEY + "'")
			.withMessageContaining("contains itself");
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(YAML, "a: &a\n  b: *a\n"))
			.withMessageContaining("contains itself");
	}

	@Test
	void recursiveKeyIsRejected() {
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(YAML, "&a {*a: 1}\n"))
			.withMessageStartingWith("Malformed yaml configuration in etcd key '" + KEY + "'");
	}

	@Test
	void globalTagIsRejectedWithItsLine() {
		assertThatExceptionOfType(EtcdConfigDocumentException.class)
			.isThrownBy(() -> parse(YAML, "a: 1\nb: !!java.net.URL [\"http://localhost\"]\n"))
			.withMessageStartingWith("Malformed yaml configuration in etcd key '" + KEY + "' at line 2")
			.satisfies((ex) -> assertThat(ex.getLine()).isEqualTo(2));
	}

	@Test
	void nestingDeeperThanTheLimitIsRejected() {
		String deep = "a: " + "[".repeat(60) + "]".repeat(60) + "\n";
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(YAML, deep))
			.withMessageContaining("Nesting Depth");
		String deepJson = "{\"a\": " + "[".repeat(60) + "]".repeat(60) + "}";
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(JSON, deepJson))
			.withMessageStartingWith("Malformed json configuration in etcd key '" + KEY + "'")
			.withMessageContaining("nesting depth");
	}

	@Test
	void documentLargerThanTheLimitIsRejectedInEveryFormat() {
		String big = "a: \"" + "x".repeat(3 * 1024 * 1024) + "\"\n";
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(YAML, big))
			.withMessageContaining("3145728");
		String bigJson = "{\"a\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}";
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(JSON, bigJson))
			.withMessageStartingWith("Malformed json configuration in etcd key '" + KEY + "'")
			.withMessageContaining("3145728");
		String bigProperties = "a=" + "x".repeat(3 * 1024 * 1024) + "\n";
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(PROPERTIES, bigProperties))
			.withMessageStartingWith("Malformed properties configuration in etcd key '" + KEY + "'")
			.withMessageContaining("3145728");
	}

	@Test
	void jsonDuplicateKeyIsRejectedWithNameAndLine() {
		String json = "{\n  \"greeting\": {\n    \"message\": \"a\",\n    \"message\": \"b\"\n  }\n}";
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(JSON, json))
			.withMessageStartingWith("Malformed json configuration in etcd key '" + KEY + "' at line 4")
			.withMessageContaining("\"message\"");
	}

	@Test
	void yamlDuplicateKeyIsRejectedWithNameAndLine() {
		assertThatExceptionOfType(EtcdConfigDocumentException.class)
			.isThrownBy(() -> parse(YAML, "greeting:\n  message: a\n  message: b\n"))
			.withMessageStartingWith("Malformed yaml configuration in etcd key '" + KEY + "' at line 3")
			.withMessageContaining("duplicate key message");
	}

	@Test
	void malformedDocumentsNeverShowTheirContent() {
		String secret = "s3cr3t-" + "value";
		List<EtcdConfigDocumentException> failures = new ArrayList<>();
		failures.add(failure(YAML, "db:\n  password: \"" + secret + "\n  user: x\n"));
		failures.add(failure(YAML, "db:\n  password: !!int " + secret + "\n"));
		failures.add(failure(JSON, "{\"db\": {\"password\": " + secret + "}}"));
		failures.add(failure(JSON, "{\"db\": {\"password\": \"x\" \"" + secret + "\"}}"));
		failures.add(failure(PROPERTIES, "db.password=" + secret + "\\u12"));
		assertThat(failures).allSatisfy((ex) -> {
			StringWriter trace = new StringWriter();
			ex.printStackTrace(new PrintWriter(trace));
			assertThat(trace.toString()).contains(KEY).doesNotContain(secret);
		});
	}

	private static EtcdConfigDocumentException failure(EtcdConfigContext context, String document) {
		try {
			parse(context, document);
		}
		catch (EtcdConfigDocumentException ex) {
			return ex;
		}
		throw new AssertionError("accepted: " + document.replace("s3cr3t", "<secret>"));
	}

	@Test
	void yamlReadsLikeBootsLoader() {
		Map<String, Object> properties = parse(YAML, """
				greeting:
				  message: hello
				  "[dotted.key]": d
				when: 2001-12-14
				list: [a, b]
				empty: []
				none:
				defaults: &defaults
				  timeout: 5s
				service:
				  <<: *defaults
				  name: s
				""");
		assertThat(properties).containsEntry("greeting.message", "hello")
			.containsEntry("greeting[dotted.key]", "d")
			.containsEntry("when", "2001-12-14")
			.containsEntry("list[0]", "a")
			.containsEntry("list[1]", "b")
			.containsEntry("empty", "")
			.containsEntry("none", "")
			.containsEntry("service.timeout", "5s")
			.containsEntry("service.name", "s");
	}

	@Test
	void laterYamlDocumentsWinAsInApplicationYml() {
		assertThat(parse(YAML, "a: 1\nb: 1\n---\na: 2\n")).containsEntry("a", 2).containsEntry("b", 1);
	}

	@Test
	void aliasesThatRepeatABlockAreAccepted() {
		StringBuilder yaml = new StringBuilder("defaults: &defaults\n");
		for (int i = 0; i < 100; i++) {
			yaml.append("  setting").append(i).append(": ").append(i).append('\n');
		}
		for (int i = 0; i < 49; i++) {
			yaml.append("service").append(i).append(": *defaults\n");
		}
		assertThat(parse(YAML, yaml.toString())).hasSize(5000).containsEntry("service48.setting99", 99);
	}

	@Test
	void documentThatIsNotAMappingIsRejected() {
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(YAML, "just text\n"))
			.withMessageContaining("mapping");
		assertThatExceptionOfType(EtcdConfigDocumentException.class).isThrownBy(() -> parse(JSON, "[1, 2]"))
			.withMessageContaining("JSON object");
	}

	@Test
	void blankDocumentHasNoProperties() {
		assertThat(parse(YAML, "  \n")).isEmpty();
		assertThat(parse(YAML, "# only a comment\n")).isEmpty();
		assertThat(EtcdConfigParser.parse(YAML, Map.of())).isEmpty();
	}

	@Test
	void keyValueSlashAndDotForms() {
		EtcdConfigContext context = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE, "data", false);
		Map<String, String> keyValues = new LinkedHashMap<>();
		keyValues.put("/config/orders/greeting/message", "slash");
		keyValues.put("/config/orders/greeting.other", "dot");
		keyValues.put("/config/orders/list[0]", "first");
		keyValues.put("/config/orders/greeting/myMessage", "camel");
		keyValues.put("/config/orders/map/[a.b]", "bracket");
		assertThat(EtcdConfigParser.parse(context, keyValues)).containsOnly(Map.entry("greeting.message", "slash"),
				Map.entry("greeting.other", "dot"), Map.entry("list[0]", "first"),
				Map.entry("greeting.myMessage", "camel"), Map.entry("map.[a.b]", "bracket"));
	}

	@Test
	void stackOverflowWhileParsingIsARejectedDocument() throws Exception {
		// 48 aliases, each adding 45 levels: within every limit, but flattening goes
		// about 2,200 levels deep, more than a small thread stack holds. The small stack
		// is the JVM's least (a smaller size is rounded up to it, about 136 KB on Linux,
		// most of it guard and shadow pages): with 256 KB the compiled frames were at
		// times small enough for the whole depth to fit.
		StringBuilder yaml = new StringBuilder();
		for (int i = 0; i < 49; i++) {
			yaml.append("a").append(i).append(": &a").append(i).append(' ');
			yaml.append("{x: ".repeat(45)).append((i > 0) ? "*a" + (i - 1) : "1").append("}".repeat(45)).append('\n');
		}
		String document = yaml.toString();
		assertThat(parseOnThread(document, 64 * 1024 * 1024)).isInstanceOf(Map.class)
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.hasSize(49);
		assertThat(parseOnThread(document, 16 * 1024)).isInstanceOf(EtcdConfigDocumentException.class)
			.asString()
			.contains("Malformed yaml configuration in etcd key '" + KEY + "'")
			.contains("StackOverflowError");
	}

	private static Object parseOnThread(String document, long stackSize) throws InterruptedException {
		List<Object> outcome = new ArrayList<>();
		Thread thread = new Thread(null, () -> {
			try {
				outcome.add(parse(YAML, document));
			}
			catch (Throwable ex) {
				outcome.add(ex);
			}
		}, "parser", stackSize);
		thread.start();
		thread.join();
		return outcome.get(0);
	}

	@Test
	void placeholdersAreEscapedWhenTheyMustNotResolve() {
		EtcdConfigContext literal = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE, "data", false,
				false);
		Map<String, String> keyValues = new LinkedHashMap<>();
		keyValues.put("/config/orders/a", "${etcd.password}");
		keyValues.put("/config/orders/b", "x-${a${b}}-\\${c}");
		keyValues.put("/config/orders/c", "no placeholder $ {}");
		assertThat(EtcdConfigParser.parse(literal, keyValues)).containsEntry("a", "\\${etcd.password}")
			.containsEntry("b", "x-\\${a\\${b}}-\\\\${c}")
			.containsEntry("c", "no placeholder $ {}");
		EtcdConfigContext resolving = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE, "data", false,
				true);
		assertThat(EtcdConfigParser.parse(resolving, keyValues)).containsEntry("a", "${etcd.password}");
		EtcdConfigContext yaml = new EtcdConfigContext("/config/orders", EtcdConfigFormat.YAML, "data", false, false);
		assertThat(parse(yaml, "a: ${etcd.password}\nn: 1\n")).containsEntry("a", "\\${etcd.password}")
			.containsEntry("n", 1);
	}

	private static final EtcdConfigContext KEY_VALUE = new EtcdConfigContext("/config/orders",
			EtcdConfigFormat.KEY_VALUE, "data", false);

	private static Map<String, Object> keyValues(List<String> warnings, String... keys) {
		Map<String, String> keyValues = new LinkedHashMap<>();
		for (String key : keys) {
			keyValues.put("/config/orders/" + key, key);
		}
		return EtcdConfigParser.parse(KEY_VALUE, keyValues, warnings::add);
	}

	@Test
	void keysThatAreNotPropertyNamesAreIgnoredWithOneWarning() {
		List<String> warnings = new ArrayList<>();
		Map<String, Object> properties = keyValues(warnings, "", "/a", "../a", "./a", "a/", "a//b", "a/./b", "a..b",
				".a", "-a", "probe.ünï", "mes sage", "a$b", "a[", "a]", "a[]", "a[0]b", "a.b", "ok");
		assertThat(properties).containsOnlyKeys("a.b", "ok");
		assertThat(warnings).singleElement()
			.asString()
			.startsWith("Ignoring 17 etcd key(s) of context '/config/orders'")
			.contains("'/config/orders/'", "'/config/orders//a'", "'/config/orders/../a'", "'/config/orders/a/'",
					"'/config/orders/probe.ünï'", "'/config/orders/mes sage'");
	}

	@Test
	void namesTheBinderKeepsAreAccepted() {
		List<String> warnings = new ArrayList<>();
		assertThat(keyValues(warnings, "greeting/myMessage", "my_value", "a-b/c", "list[0]", "list/[1]", "map/[a.b]",
				"map/[ünï]", "x[0].y", "Upper/Case", "0a"))
			.containsOnlyKeys("greeting.myMessage", "my_value", "a-b.c", "list[0]", "list.[1]", "map.[a.b]",
					"map.[ünï]", "x[0].y", "Upper.Case", "0a");
		assertThat(warnings).isEmpty();
	}

	@Test
	void ofKeysNamingOnePropertyTheFirstInKeyOrderWinsWhateverTheArrivalOrder() {
		for (List<String> order : List.of(List.of("a/b", "a.b"), List.of("a.b", "a/b"))) {
			List<String> warnings = new ArrayList<>();
			assertThat(keyValues(warnings, order.toArray(String[]::new))).containsOnly(Map.entry("a.b", "a.b"));
			assertThat(warnings).singleElement()
				.isEqualTo("etcd keys ['/config/orders/a.b', '/config/orders/a/b'] of context '/config/orders' "
						+ "all set property 'a.b'; '/config/orders/a.b' is used (the key that sorts first in "
						+ "etcd's key order wins)");
		}
		for (List<String> order : List.of(List.of("x/myValue", "x/my-value", "x.my_value"),
				List.of("x.my_value", "x/my-value", "x/myValue"))) {
			List<String> warnings = new ArrayList<>();
			assertThat(keyValues(warnings, order.toArray(String[]::new)))
				.containsOnly(Map.entry("x.my_value", "x.my_value"));
			assertThat(warnings).singleElement().asString().contains("'/config/orders/x.my_value' is used");
		}
		// list.0 and list[0] bind to one element too.
		assertThat(keyValues(new ArrayList<>(), "list/0", "list[0]")).containsOnlyKeys("list.0");
	}

	@Test
	void documentSizeLimitIsSnakeYamlsCodePointLimit() {
		assertThat(EtcdConfigParser.MAX_DOCUMENT_LENGTH)
			.isEqualTo(new org.yaml.snakeyaml.LoaderOptions().getCodePointLimit());
	}

}
