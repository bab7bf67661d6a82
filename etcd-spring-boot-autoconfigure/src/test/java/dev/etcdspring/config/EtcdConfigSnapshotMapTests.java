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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link EtcdConfigSnapshotMap}: the next version costs the change, reads stay those of a
 * map in insertion order.
 */
class EtcdConfigSnapshotMapTests {

	@Test
	void keepsTheOrderOfItsSource() {
		Map<String, String> source = new LinkedHashMap<>();
		source.put("c", "3");
		source.put("a", "1");
		source.put("b", "2");
		EtcdConfigSnapshotMap<String> map = EtcdConfigSnapshotMap.of(source);
		assertThat(map).containsExactly(Map.entry("c", "3"), Map.entry("a", "1"), Map.entry("b", "2"));
		assertThat(map.keys()).containsExactly("c", "a", "b");
		assertThat(map).isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
		assertThat(EtcdConfigSnapshotMap.of(map)).isSameAs(map);
	}

	@Test
	void isImmutable() {
		EtcdConfigSnapshotMap<String> map = EtcdConfigSnapshotMap.of(Map.of("a", "1"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> map.put("b", "2"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> map.remove("a"));
	}

	@Test
	void changedValuesKeepTheirPlaceAndTheKeyArray() {
		EtcdConfigSnapshotMap<String> map = EtcdConfigSnapshotMap.of(numbered(1000));
		EtcdConfigSnapshotMap<String> next = map.with(Map.of("k500", "changed"));
		assertThat(next.get("k500")).isEqualTo("changed");
		assertThat(map.get("k500")).isEqualTo("v500");
		assertThat(next.keys()).isSameAs(map.keys());
		assertThat(next).hasSize(1000);
	}

	@Test
	void addedKeysGoLastAndRemovedKeysLeave() {
		EtcdConfigSnapshotMap<String> map = EtcdConfigSnapshotMap.of(numbered(3));
		Map<String, String> changes = new LinkedHashMap<>();
		changes.put("k1", null);
		changes.put("new", "n");
		EtcdConfigSnapshotMap<String> next = map.with(changes);
		assertThat(next.keys()).containsExactly("k0", "k2", "new");
		assertThat(next).containsExactly(Map.entry("k0", "v0"), Map.entry("k2", "v2"), Map.entry("new", "n"));
		assertThat(next.containsKey("k1")).isFalse();
		assertThat(map.keys()).containsExactly("k0", "k1", "k2");
	}

	@Test
	void unchangedIsTheSameInstance() {
		EtcdConfigSnapshotMap<String> map = EtcdConfigSnapshotMap.of(numbered(10));
		Map<String, String> changes = new HashMap<>();
		changes.put("k1", "v1");
		changes.put("absent", null);
		assertThat(map.with(changes)).isSameAs(map);
	}

	@Test
	void sharesTheKeyArrayOfTheVersionBeforeWhenTheKeysAreTheSame() {
		EtcdConfigSnapshotMap<String> map = EtcdConfigSnapshotMap.of(numbered(100));
		Map<String, String> sameKeys = new LinkedHashMap<>(numbered(100));
		sameKeys.put("k7", "other");
		assertThat(EtcdConfigSnapshotMap.of(sameKeys, map).keys()).isSameAs(map.keys());
		Map<String, String> otherKeys = new LinkedHashMap<>(numbered(101));
		assertThat(EtcdConfigSnapshotMap.of(otherKeys, map).keys()).isNotSameAs(map.keys()).hasSize(101);
	}

	@Test
	void staysAMapThroughManyChanges() {
		Random random = new Random(42);
		Map<String, String> expected = new LinkedHashMap<>();
		EtcdConfigSnapshotMap<String> map = EtcdConfigSnapshotMap.of(Map.of());
		for (int round = 0; round < 2000; round++) {
			Map<String, String> changes = new LinkedHashMap<>();
			for (int i = 0; i < 1 + random.nextInt(20); i++) {
				String key = "k" + random.nextInt(3000);
				changes.put(key, (random.nextInt(4) == 0) ? null : "v" + round);
			}
			changes.forEach((key, value) -> {
				if (value == null) {
					expected.remove(key);
				}
				else {
					expected.put(key, value);
				}
			});
			map = map.with(changes);
			assertThat(map).hasSize(expected.size());
		}
		assertThat(map).containsExactlyEntriesOf(expected);
		assertThat(map.keys()).containsExactlyElementsOf(expected.keySet());
	}

	private static Map<String, String> numbered(int count) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			map.put("k" + i, "v" + i);
		}
		return map;
	}

}
