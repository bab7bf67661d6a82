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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigState;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigCommit}: the next content in force in one step, then the event.
 */
class EtcdConfigCommitTests {

	private final EtcdConfigState state = new EtcdConfigState();

	private final EtcdConfigRefreshHistory history = new EtcdConfigRefreshHistory(10);

	private final List<Object> events = new ArrayList<>();

	private final Object source = new Object();

	private final EtcdConfigCommit commit = new EtcdConfigCommit(this.state, this.history, this.events::add,
			this.source);

	@Test
	void replacesTheChangedContextsAndKeepsTheOthers() {
		EtcdConfigContextData application = data("b", 10);
		this.state.loaded("/config/orders", data("a", 10));
		this.state.loaded("/config/application", application);
		Map<String, EtcdConfigContextData> before = this.state.content();
		EtcdConfigContextData orders = data("a2", 12);
		this.commit.commit(Map.of("/config/orders", orders), 12);
		assertThat(this.state.content()).containsExactly(Map.entry("/config/orders", orders),
				Map.entry("/config/application", application));
		assertThat(before.get("/config/orders").properties()).containsOnlyKeys("a");
		assertThat(this.history.revision()).isEqualTo(12);
		assertThat(this.events).isEmpty();
	}

	@Test
	void theRevisionInForceIsTheContentsEvenWhenLower() {
		this.state.loaded("/config/orders", data("a", 900));
		this.commit.commit(Map.of("/config/orders", data("a", 3)), 3);
		assertThat(this.history.revision()).isEqualTo(3);
	}

	@Test
	void announcesExactlyTheChangedNamesFromItsOwnSource() {
		this.commit.announce(Set.of("a.b"));
		assertThat(this.events).singleElement().isInstanceOfSatisfying(EnvironmentChangeEvent.class, (event) -> {
			assertThat(event.getKeys()).containsExactly("a.b");
			assertThat(event.getSource()).isSameAs(this.source);
		});
	}

	private static EtcdConfigContextData data(String name, long revision) {
		return new EtcdConfigContextData(Map.of(), Map.of(name, "v"), revision);
	}

}
