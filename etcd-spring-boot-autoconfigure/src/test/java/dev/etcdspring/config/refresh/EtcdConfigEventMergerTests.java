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
package dev.etcdspring.config.refresh;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link EtcdConfigEventMerger}: what a batch changes in each context.
 */
class EtcdConfigEventMergerTests {

	private static final EtcdConfigContext ORDERS = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE,
			"data", false);

	private static final EtcdConfigContext APPLICATION = new EtcdConfigContext("/config/application",
			EtcdConfigFormat.YAML, "data", false);

	private static final List<EtcdConfigContext> CONTEXTS = List.of(ORDERS, APPLICATION);

	private final Map<String, Long> revisions = new HashMap<>(
			Map.of("/config/orders", 10L, "/config/application", 10L));

	@Test
	void eventsOfSeveralRevisionsMergeInOrder() {
		Map<String, EtcdConfigEventMerger.ContextChange> changes = merge(
				events(put("/config/orders/a", "1", 11), put("/config/orders/b", "2", 11)),
				events(put("/config/orders/a", "3", 12), delete("/config/orders/b", 12)));
		assertThat(changes).containsOnlyKeys("/config/orders");
		EtcdConfigEventMerger.ContextChange orders = changes.get("/config/orders");
		assertThat(orders.reload()).isNull();
		assertThat(orders.keys()).containsExactly(entry("/config/orders/a", "3"), entry("/config/orders/b", null));
		assertThat(orders.revision()).isEqualTo(12);
	}

	@Test
	void eventsGoToTheContextsTheyAreRelevantTo() {
		Map<String, EtcdConfigEventMerger.ContextChange> changes = merge(
				events(put("/config/orders/a", "1", 11), put("/config/application/data", "a: 1", 11),
						put("/config/application/other", "x", 11), put("/config/ordersx/a", "y", 11)));
		assertThat(changes).containsOnlyKeys("/config/orders", "/config/application");
		assertThat(changes.get("/config/application").keys()).containsOnlyKeys("/config/application/data");
	}

	@Test
	void eventsAlreadyInTheLatestContentAreSkipped() {
		this.revisions.put("/config/orders", 12L);
		assertThat(merge(events(put("/config/orders/a", "1", 12)))).isEmpty();
		assertThat(merge(events(put("/config/orders/a", "1", 13)))).containsOnlyKeys("/config/orders");
	}

	@Test
	void aReloadReplacesWhatCameBeforeAndEventsItAlreadyHoldsAreSkipped() {
		EtcdConfigContextData read = new EtcdConfigContextData(Map.of("/config/orders/a", "9"), Map.of("a", "9"), 15);
		Map<String, EtcdConfigEventMerger.ContextChange> changes = merge(events(put("/config/orders/b", "1", 11)),
				new EtcdConfigEventMerger.Reload(Map.of("/config/orders", read)),
				events(put("/config/orders/c", "1", 14)), events(put("/config/orders/d", "1", 16)));
		EtcdConfigEventMerger.ContextChange orders = changes.get("/config/orders");
		assertThat(orders.reload()).isSameAs(read);
		assertThat(orders.keys()).containsOnlyKeys("/config/orders/d");
		assertThat(orders.revision()).isEqualTo(16);
	}

	private Map<String, EtcdConfigEventMerger.ContextChange> merge(EtcdConfigEventMerger.Item... items) {
		return EtcdConfigEventMerger.merge(List.of(items), CONTEXTS, this.revisions::get);
	}

	private static EtcdConfigEventMerger.Events events(EtcdWatchEvent... events) {
		return new EtcdConfigEventMerger.Events(List.of(events));
	}

	static EtcdWatchEvent put(String key, String value, long revision) {
		return new EtcdWatchEvent(EtcdWatchEvent.Type.PUT, keyValue(key, value, revision), null);
	}

	static EtcdWatchEvent delete(String key, long revision) {
		return new EtcdWatchEvent(EtcdWatchEvent.Type.DELETE, keyValue(key, "", revision), null);
	}

	private static EtcdKeyValue keyValue(String key, String value, long revision) {
		return new EtcdKeyValue(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), 1,
				revision, 1, 0);
	}

}
