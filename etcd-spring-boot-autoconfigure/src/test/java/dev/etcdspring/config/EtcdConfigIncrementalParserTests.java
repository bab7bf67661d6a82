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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link EtcdConfigIncrementalParser}: changes applied key by key give what a full parse
 * of the new key-values gives, and report exactly the names they change.
 */
class EtcdConfigIncrementalParserTests {

	private static final EtcdConfigContext KEY_VALUE = new EtcdConfigContext("/config/orders",
			EtcdConfigFormat.KEY_VALUE, "data", false);

	private static final EtcdConfigContext YAML = new EtcdConfigContext("/config/orders", EtcdConfigFormat.YAML, "data",
			false);

	private final List<String> warnings = new ArrayList<>();

	@Test
	void changedValueChangesOneNameAndKeepsTheNames() {
		EtcdConfigIncrementalParser parser = parser(KEY_VALUE,
				Map.of("/config/orders/a/b", "1", "/config/orders/c", "2"));
		String[] names = names(parser);
		assertThat(parser.apply(Map.of("/config/orders/a/b", "3"), 7)).containsExactly("a.b");
		assertThat(parser.content().properties()).isEqualTo(Map.of("a.b", "3", "c", "2"));
		assertThat(parser.content().revision()).isEqualTo(7);
		assertThat(names(parser)).isSameAs(names);
	}

	@Test
	void addedAndDeletedKeysAddAndRemoveNames() {
		EtcdConfigIncrementalParser parser = parser(KEY_VALUE, Map.of("/config/orders/a", "1"));
		Map<String, String> changes = new LinkedHashMap<>();
		changes.put("/config/orders/a", null);
		changes.put("/config/orders/b/c", "2");
		assertThat(parser.apply(changes, 8)).containsExactlyInAnyOrder("a", "b.c");
		assertThat(parser.content().properties()).isEqualTo(Map.of("b.c", "2"));
		assertThat(parser.content().keyValues()).isEqualTo(Map.of("/config/orders/b/c", "2"));
	}

	@Test
	void unchangedValueChangesNothing() {
		EtcdConfigIncrementalParser parser = parser(KEY_VALUE, Map.of("/config/orders/a", "1"));
		assertThat(parser.apply(Map.of("/config/orders/a", "1"), 9)).isEmpty();
		assertThat(parser.content().revision()).isEqualTo(9);
	}

	@Test
	void keyThatSortsFirstWinsAsInAFullParse() {
		EtcdConfigIncrementalParser parser = parser(KEY_VALUE, Map.of("/config/orders/a/my-value", "slash"));
		// '.' sorts before '/': the dotted key wins
		assertThat(parser.apply(Map.of("/config/orders/a.myValue", "dot"), 2)).containsExactlyInAnyOrder("a.my-value",
				"a.myValue");
		assertThat(parser.content().properties()).isEqualTo(Map.of("a.myValue", "dot"));
		assertThat(this.warnings).anySatisfy((warning) -> assertThat(warning).contains("all set property 'a.myValue'"));
		Map<String, String> delete = new HashMap<>();
		delete.put("/config/orders/a.myValue", null);
		assertThat(parser.apply(delete, 3)).containsExactlyInAnyOrder("a.my-value", "a.myValue");
		assertThat(parser.content().properties()).isEqualTo(Map.of("a.my-value", "slash"));
	}

	@Test
	void keyThatIsNoPropertyNameIsIgnoredWithAWarning() {
		EtcdConfigIncrementalParser parser = parser(KEY_VALUE, Map.of("/config/orders/a", "1"));
		assertThat(parser.apply(Map.of("/config/orders/bad..name", "x"), 2)).isEmpty();
		assertThat(parser.content().properties()).isEqualTo(Map.of("a", "1"));
		assertThat(parser.content().keyValues()).containsKey("/config/orders/bad..name");
		assertThat(this.warnings).singleElement()
			.satisfies((warning) -> assertThat(warning).startsWith("Ignoring 1 etcd key(s)").doesNotContain("x'"));
	}

	@Test
	void placeholdersStayLiteralWhenTheContextSaysSo() {
		EtcdConfigContext literal = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE, "data", false,
				false);
		EtcdConfigIncrementalParser parser = parser(literal, Map.of());
		parser.apply(Map.of("/config/orders/a", "${secret}"), 2);
		assertThat(parser.content().properties())
			.isEqualTo(EtcdConfigParser.parse(literal, Map.of("/config/orders/a", "${secret}")));
	}

	@Test
	void manyRandomChangesGiveWhatAFullParseGives() {
		Random random = new Random(7);
		String[] names = { "a", "a/b", "a.b", "a/my-value", "a/myValue", "a.my_value", "list/0", "list[0]", "x/y/z",
				"x.y/z", "Upper/Case", "upper/case", "bad..key", "trailing/", "map/[k.1]", "map.[k.1]", "n1", "n2" };
		Map<String, String> keyValues = new LinkedHashMap<>();
		EtcdConfigIncrementalParser parser = parser(KEY_VALUE, Map.of());
		for (int round = 0; round < 3000; round++) {
			Map<String, String> changes = new LinkedHashMap<>();
			for (int i = 0; i < 1 + random.nextInt(4); i++) {
				String key = "/config/orders/" + names[random.nextInt(names.length)];
				changes.put(key, (random.nextInt(3) == 0) ? null : "v" + random.nextInt(5));
			}
			Map<String, Object> before = parser.content().properties();
			java.util.Set<String> changed = parser.apply(changes, round + 2);
			changes.forEach((key, value) -> {
				if (value == null) {
					keyValues.remove(key);
				}
				else {
					keyValues.put(key, value);
				}
			});
			Map<String, Object> full = EtcdConfigParser.parse(KEY_VALUE, keyValues, (warning) -> {
			});
			assertThat(parser.content().properties()).as("round %d", round).isEqualTo(full);
			java.util.Set<String> expected = new java.util.HashSet<>();
			full.forEach((name, value) -> {
				if (!value.equals(before.get(name))) {
					expected.add(name);
				}
			});
			before.keySet().stream().filter((name) -> !full.containsKey(name)).forEach(expected::add);
			assertThat(changed).as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@Test
	void documentIsParsedAgainAndKeepsTheNamesWhenTheyAreTheSame() {
		EtcdConfigIncrementalParser parser = new EtcdConfigIncrementalParser(YAML,
				EtcdConfigReaderData.of(YAML, Map.of("/config/orders/data", "a: 1\nb: 2\n")), this.warnings::add);
		String[] names = names(parser);
		assertThat(parser.apply(Map.of("/config/orders/data", "a: 1\nb: 3\n"), 5)).containsExactly("b");
		assertThat(parser.content().properties()).isEqualTo(Map.of("a", 1, "b", 3));
		assertThat(names(parser)).isSameAs(names);
		assertThat(parser.apply(Map.of("/config/orders/other", "ignored"), 6)).isEmpty();
	}

	@Test
	void documentThatDoesNotParseKeepsThePropertiesUntilFixed() {
		EtcdConfigIncrementalParser parser = new EtcdConfigIncrementalParser(YAML,
				EtcdConfigReaderData.of(YAML, Map.of("/config/orders/data", "a: 1\n")), this.warnings::add);
		assertThatExceptionOfType(EtcdConfigDocumentException.class)
			.isThrownBy(() -> parser.apply(Map.of("/config/orders/data", "a: [1\n"), 5));
		assertThat(parser.problem()).contains("/config/orders/data");
		assertThat(parser.content().properties()).isEqualTo(Map.of("a", 1));
		assertThat(parser.content().keyValues()).isEqualTo(Map.of("/config/orders/data", "a: [1\n"));
		assertThat(parser.content().revision()).isEqualTo(5);
		assertThat(parser.apply(Map.of("/config/orders/data", "a: 2\n"), 6)).containsExactly("a");
		assertThat(parser.problem()).isNull();
	}

	@Test
	void reloadTakesTheContentReadAndReportsTheDifference() {
		EtcdConfigIncrementalParser parser = parser(KEY_VALUE,
				Map.of("/config/orders/a", "1", "/config/orders/b", "2"));
		parser.prepare();
		EtcdConfigContextData read = EtcdConfigReaderData.of(KEY_VALUE,
				Map.of("/config/orders/a", "1", "/config/orders/c", "3"));
		assertThat(parser.reload(read)).containsExactlyInAnyOrder("b", "c");
		assertThat(parser.content()).isSameAs(read);
		assertThat(parser.apply(Map.of("/config/orders/c", "4"), 20)).containsExactly("c");
		assertThat(parser.content().properties()).isEqualTo(Map.of("a", "1", "c", "4"));
	}

	private EtcdConfigIncrementalParser parser(EtcdConfigContext context, Map<String, String> keyValues) {
		return new EtcdConfigIncrementalParser(context, EtcdConfigReaderData.of(context, keyValues),
				this.warnings::add);
	}

	private static String[] names(EtcdConfigIncrementalParser parser) {
		return new EtcdConfigPropertySource(parser.context(), () -> parser.content().properties()).getPropertyNames();
	}

	/**
	 * Content as the reader makes it.
	 */
	static final class EtcdConfigReaderData {

		static EtcdConfigContextData of(EtcdConfigContext context, Map<String, String> keyValues) {
			Map<String, String> sorted = new java.util.TreeMap<>(keyValues);
			return new EtcdConfigContextData(sorted, EtcdConfigParser.parse(context, sorted, (warning) -> {
			}), 1);
		}

	}

}
