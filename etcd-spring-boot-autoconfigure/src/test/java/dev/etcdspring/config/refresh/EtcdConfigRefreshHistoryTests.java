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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refresh lists a bounded number of names and counts them all.
 */
class EtcdConfigRefreshHistoryTests {

	private static EtcdConfigRefreshHistory.Refresh refresh(List<String> names) {
		return new EtcdConfigRefreshHistory.Refresh(Instant.now(), 7, names, EtcdConfigRefreshHistory.Outcome.APPLIED,
				null, Duration.ZERO);
	}

	@Test
	void fewNamesAreListedInAlphabeticalOrder() {
		EtcdConfigRefreshHistory.Refresh refresh = refresh(List.of("b", "a"));
		assertThat(refresh.keys()).containsExactly("a", "b");
		assertThat(refresh.keyCount()).isEqualTo(2);
		assertThat(refresh.describeKeys()).isEqualTo("[a, b]");
	}

	@Test
	void manyNamesListTheFirstTwentyAndCountTheRest() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 40_000; i++) {
			names.add(String.format("bulk.key%05d", i));
		}
		Collections.shuffle(names);
		EtcdConfigRefreshHistory.Refresh refresh = refresh(names);
		assertThat(refresh.keys()).hasSize(20).first().isEqualTo("bulk.key00000");
		assertThat(refresh.keys()).last().isEqualTo("bulk.key00019");
		assertThat(refresh.keyCount()).isEqualTo(40_000);
		assertThat(refresh.describeKeys()).hasSizeLessThan(400).endsWith("bulk.key00019, ... and 39980 more]");
	}

	@Test
	void historyKeepsTheConfiguredNumberOfRefreshesNewestFirst() {
		EtcdConfigRefreshHistory history = new EtcdConfigRefreshHistory(2);
		history.record(refresh(List.of("one")));
		history.record(refresh(List.of("two")));
		history.record(refresh(List.of("three")));
		assertThat(history.refreshes()).extracting(EtcdConfigRefreshHistory.Refresh::keys)
			.containsExactly(Set.of("three"), Set.of("two"));
	}

}
