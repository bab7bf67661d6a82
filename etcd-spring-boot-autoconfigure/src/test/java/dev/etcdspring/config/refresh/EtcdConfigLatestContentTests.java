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

import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigFormat;
import dev.etcdspring.config.EtcdConfigState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigLatestContent}: the next content of a batch, and what a rejected one
 * leaves for the next.
 */
class EtcdConfigLatestContentTests {

	private static final EtcdConfigContext ORDERS = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE,
			"data", false);

	private static final EtcdConfigContext APPLICATION = new EtcdConfigContext("/config/application",
			EtcdConfigFormat.YAML, "data", false);

	private final EtcdConfigState state = new EtcdConfigState();

	private final EtcdConfigLatestContent latest;

	EtcdConfigLatestContentTests() {
		this.state.addContext(ORDERS);
		this.state.addContext(APPLICATION);
		this.state.loaded(ORDERS.path(),
				new EtcdConfigContextData(Map.of("/config/orders/a", "1"), Map.of("a", "1"), 10));
		this.state.loaded(APPLICATION.path(),
				new EtcdConfigContextData(Map.of("/config/application/data", "b: 1"), Map.of("b", 1), 10));
		this.latest = new EtcdConfigLatestContent(this.state);
		this.latest.prepare();
	}

	@Test
	void nextContentHoldsTheChangedContextsAndTheNamesTheyChange() {
		EtcdConfigLatestContent.Next next = this.latest.next(keys(ORDERS, 11, "/config/orders/a", "2"));
		assertThat(next.problem()).isNull();
		assertThat(next.contexts()).containsExactly(ORDERS.path());
		assertThat(next.content().get(ORDERS.path()).properties()).isEqualTo(Map.of("a", "2"));
		assertThat(next.names()).containsExactly("a");
		assertThat(next.revision()).isEqualTo(11);
		assertThat(this.latest.revision(ORDERS.path())).isEqualTo(11);
		// nothing is in force before the commit
		assertThat(this.state.content(ORDERS.path()).properties()).isEqualTo(Map.of("a", "1"));
	}

	@Test
	void aRejectedChangeIsTriedAgainWithTheNext() {
		EtcdConfigLatestContent.Next rejected = this.latest.next(keys(ORDERS, 11, "/config/orders/a", "2"));
		this.latest.rejected(rejected);
		assertThat(this.latest.hasUnapplied()).isTrue();
		EtcdConfigLatestContent.Next next = this.latest.next(keys(APPLICATION, 12, "/config/application/data", "b: 2"));
		assertThat(next.contexts()).containsExactly(ORDERS.path(), APPLICATION.path());
		assertThat(next.names()).containsExactlyInAnyOrder("a", "b");
		assertThat(next.content().get(ORDERS.path()).properties()).isEqualTo(Map.of("a", "2"));
		this.latest.committed();
		assertThat(this.latest.hasUnapplied()).isFalse();
		assertThat(this.latest.next(Map.of()).contexts()).isEmpty();
	}

	@Test
	void aDocumentThatDoesNotParseHoldsBackEveryBatchUntilFixed() {
		EtcdConfigLatestContent.Next broken = this.latest
			.next(keys(APPLICATION, 11, "/config/application/data", "b: [1"));
		assertThat(broken.problem()).contains("/config/application/data");
		this.latest.rejected(broken);
		EtcdConfigLatestContent.Next other = this.latest.next(keys(ORDERS, 12, "/config/orders/a", "2"));
		assertThat(other.problem()).contains("/config/application/data");
		this.latest.rejected(other);
		EtcdConfigLatestContent.Next fixed = this.latest
			.next(keys(APPLICATION, 13, "/config/application/data", "b: 3"));
		assertThat(fixed.problem()).isNull();
		assertThat(fixed.names()).containsExactlyInAnyOrder("a", "b");
		assertThat(fixed.content().get(APPLICATION.path()).properties()).isEqualTo(Map.of("b", 3));
		assertThat(fixed.content().get(ORDERS.path()).properties()).isEqualTo(Map.of("a", "2"));
	}

	private static Map<String, EtcdConfigEventMerger.ContextChange> keys(EtcdConfigContext context, long revision,
			String key, String value) {
		Map<String, String> keys = new LinkedHashMap<>();
		keys.put(key, value);
		return Map.of(context.path(), new EtcdConfigEventMerger.ContextChange(null, keys, revision));
	}

}
