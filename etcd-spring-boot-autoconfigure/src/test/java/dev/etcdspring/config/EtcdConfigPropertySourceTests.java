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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigPropertySource}: one source for a small context, disjoint parts for a
 * large one, and a key added or removed changes the names of one part only.
 */
class EtcdConfigPropertySourceTests {

	private static final EtcdConfigContext ORDERS = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE,
			"data", false);

	private final EtcdConfigState state = new EtcdConfigState();

	@Test
	void contextBelowThePartSizeIsOneSourceWithTheContextsName() {
		load(keys(EtcdConfigPropertySource.PARTITION_SIZE - 1));
		List<EtcdConfigPropertySource> sources = EtcdConfigPropertySource.of(ORDERS, this.state);
		assertThat(sources).singleElement().satisfies((source) -> {
			assertThat(source.getName()).isEqualTo("etcd:/config/orders");
			assertThat(source.getPropertyNames()).hasSize(EtcdConfigPropertySource.PARTITION_SIZE - 1);
			assertThat(source.getProperty("bulk.key7")).isEqualTo("value-7");
		});
	}

	@Test
	void largeContextIsHeldByDisjointPartsThatTogetherHoldEveryKey() {
		Map<String, Object> properties = keys(5000);
		load(properties);
		List<EtcdConfigPropertySource> sources = EtcdConfigPropertySource.of(ORDERS, this.state);
		assertThat(sources).hasSize(8);
		assertThat(sources).extracting(PropertySource::getName)
			.startsWith("etcd:/config/orders", "etcd:/config/orders (part 2 of 8)")
			.endsWith("etcd:/config/orders (part 8 of 8)");
		List<String> all = new ArrayList<>();
		for (EtcdConfigPropertySource source : sources) {
			assertThat(source.getPropertyNames()).as(source.getName()).isNotEmpty().hasSizeLessThan(1500);
			all.addAll(Arrays.asList(source.getPropertyNames()));
		}
		assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(properties.keySet());
		for (String name : properties.keySet()) {
			List<EtcdConfigPropertySource> answering = sources.stream()
				.filter((source) -> source.containsProperty(name))
				.toList();
			assertThat(answering).as(name).singleElement();
			assertThat(answering.get(0).getPropertyNames()).contains(name);
			assertThat(answering.get(0).getProperty(name)).isEqualTo(properties.get(name));
			assertThat(sources.stream().filter((source) -> source.getProperty(name) != null)).hasSize(1);
		}
	}

	@Test
	void keyAddedOrRemovedChangesTheNamesOfOnePartOnlyAndValuesChangeNone() {
		Map<String, Object> properties = keys(5000);
		load(properties);
		List<EtcdConfigPropertySource> sources = EtcdConfigPropertySource.of(ORDERS, this.state);
		String[][] before = names(sources);
		EtcdConfigSnapshotMap<Object> current = snapshot();

		this.state.loaded(ORDERS.path(), data(current.with(Map.of("bulk.key3", "changed")), 3));
		String[][] afterValue = names(sources);
		for (int i = 0; i < sources.size(); i++) {
			assertThat(afterValue[i]).isSameAs(before[i]);
		}

		this.state.loaded(ORDERS.path(), data(snapshot().with(Map.of("extra.added", "new")), 4));
		String[][] afterAdd = names(sources);
		assertThat(changedParts(before, afterAdd)).singleElement()
			.satisfies((part) -> assertThat(afterAdd[part]).contains("extra.added"));
		assertThat(sources.stream().filter((source) -> "new".equals(source.getProperty("extra.added")))).hasSize(1);

		Map<String, Object> removal = new HashMap<>();
		removal.put("bulk.key11", null);
		this.state.loaded(ORDERS.path(), data(snapshot().with(removal), 5));
		String[][] afterRemove = names(sources);
		assertThat(changedParts(afterAdd, afterRemove)).singleElement()
			.satisfies((part) -> assertThat(afterAdd[part]).contains("bulk.key11"));
		assertThat(sources).noneMatch((source) -> source.containsProperty("bulk.key11"));
		assertThat(Arrays.stream(afterRemove).mapToInt((part) -> part.length).sum()).isEqualTo(5000);
	}

	@Test
	void bootBindsAMapAcrossTheParts() {
		load(keys(3000));
		StandardEnvironment environment = new StandardEnvironment();
		EtcdConfigPropertySource.of(ORDERS, this.state).forEach(environment.getPropertySources()::addLast);
		ConfigurationPropertySources.attach(environment);
		Map<String, String> bulk = Binder.get(environment)
			.bind("bulk", Bindable.mapOf(String.class, String.class))
			.get();
		assertThat(bulk).hasSize(3000).containsEntry("key2999", "value-2999");
		assertThat(environment.getProperty("bulk.key0")).isEqualTo("value-0");
	}

	@Test
	void sourceOverOtherPropertiesKeepsTheNameAndThePart() {
		load(keys(3000));
		List<EtcdConfigPropertySource> sources = EtcdConfigPropertySource.of(ORDERS, this.state);
		Map<String, Object> next = new LinkedHashMap<>(keys(3000));
		next.replaceAll((name, value) -> "next");
		for (EtcdConfigPropertySource source : sources) {
			EtcdConfigPropertySource candidate = source.withProperties(() -> next);
			assertThat(candidate.getName()).isEqualTo(source.getName());
			assertThat(candidate.getPropertyNames()).containsExactly(source.getPropertyNames());
			assertThat(candidate.getProperty(source.getPropertyNames()[0])).isEqualTo("next");
		}
	}

	@Test
	void sourcesOverOtherPropertiesSplitTheirKeysOncePerChangeForAllParts() {
		load(keys(3000));
		List<EtcdConfigPropertySource> sources = EtcdConfigPropertySource.of(ORDERS, this.state);
		EtcdConfigSnapshotMap<Object> next = snapshot().with(Map.of("extra.added", "new"));
		List<EtcdConfigPropertySource> candidates = sources.stream()
			.map((source) -> source.withProperties(() -> next))
			.toList();
		String[][] first = names(candidates);
		assertThat(Arrays.stream(first).flatMap(Arrays::stream)).hasSize(3001).doesNotHaveDuplicates();
		// Asked again with the same content, every part answers the same arrays: the
		// split was made once for all of them, not once per part.
		String[][] again = names(candidates);
		for (int i = 0; i < candidates.size(); i++) {
			assertThat(again[i]).isSameAs(first[i]);
		}
		assertThat(sources.get(0).withProperties(() -> next).getPropertyNames()).isSameAs(first[0]);
		assertThat(names(sources)[0]).isNotSameAs(first[0]);
	}

	@Test
	void partsFollowedChangeByChangeMatchPartsSplitFromScratch() {
		load(keys(3000));
		List<EtcdConfigPropertySource> followed = EtcdConfigPropertySource.of(ORDERS, this.state);
		names(followed);
		for (int change = 0; change < 40; change++) {
			Map<String, Object> changes = new HashMap<>();
			// Removals and additions, one at a time and many at once (more than the
			// few that are cut out of the order one by one).
			int count = (change % 5 == 0) ? 20 : 1;
			for (int i = 0; i < count; i++) {
				changes.put("bulk.key" + (change * 37 + i * 11) % 3000, null);
				changes.put("added.key" + change + "x" + i, "new");
			}
			this.state.loaded(ORDERS.path(), data(snapshot().with(changes), 3 + change));
			String[][] followedNames = names(followed);
			String[][] fromScratch = names(EtcdConfigPropertySource.of(ORDERS, this.state));
			assertThat(followedNames).as("change %d", change).isDeepEqualTo(fromScratch);
			assertThat(Arrays.stream(followedNames).flatMap(Arrays::stream))
				.containsExactlyInAnyOrder(snapshot().keys());
		}
	}

	private static List<Integer> changedParts(String[][] before, String[][] after) {
		List<Integer> changed = new ArrayList<>();
		for (int i = 0; i < before.length; i++) {
			if (before[i] != after[i]) {
				changed.add(i);
			}
		}
		return changed;
	}

	private static String[][] names(List<EtcdConfigPropertySource> sources) {
		return sources.stream().map(EtcdConfigPropertySource::getPropertyNames).toArray(String[][]::new);
	}

	@SuppressWarnings("unchecked")
	private EtcdConfigSnapshotMap<Object> snapshot() {
		return (EtcdConfigSnapshotMap<Object>) this.state.content(ORDERS.path()).properties();
	}

	private void load(Map<String, Object> properties) {
		this.state.loaded(ORDERS.path(), data(properties, 2));
	}

	private static EtcdConfigContextData data(Map<String, Object> properties, long revision) {
		return new EtcdConfigContextData(Map.of(), properties, revision);
	}

	private static Map<String, Object> keys(int count) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			properties.put("bulk.key" + i, "value-" + i);
		}
		return properties;
	}

}
