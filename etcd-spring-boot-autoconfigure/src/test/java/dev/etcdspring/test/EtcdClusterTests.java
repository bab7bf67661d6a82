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

package dev.etcdspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static dev.etcdspring.test.EtcdServerTests.bytes;
import static dev.etcdspring.test.EtcdServerTests.get;
import static dev.etcdspring.test.EtcdServerTests.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EtcdCluster}.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdClusterTests {

	@Test
	void keepsServingWithTheLeaderDownAndTheRestartedMemberCatchesUp() throws Exception {
		try (EtcdCluster cluster = EtcdCluster.start(3)) {
			assertThat(cluster.size()).isEqualTo(3);
			assertThat(cluster.endpoints()).hasSize(3).doesNotHaveDuplicates();
			try (Client client = cluster.clientBuilder().build()) {
				put(client, "/cluster/before", "all up");
			}
			EtcdServer leader = leader(cluster);
			leader.stop();
			assertThat(leader.isRunning()).isFalse();
			List<EtcdServer> others = cluster.members()
				.stream()
				.filter((member) -> member != leader)
				.collect(Collectors.toList());
			try (Client client = Client.builder()
				.endpoints(others.stream().map(EtcdServer::endpointUri).collect(Collectors.toList()))
				.build()) {
				// Writes fail while the remaining two elect a new leader.
				await().atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.untilAsserted(() -> put(client, "/cluster/during", "leader down"));
				assertThat(get(client, "/cluster/during")).isEqualTo("leader down");
			}
			leader.start();
			assertThat(leader.isRunning()).isTrue();
			try (Client client = leader.clientBuilder().build()) {
				// A serializable read answers from the member's own copy: it has caught
				// up.
				await().atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(localGet(client, "/cluster/during")).isEqualTo("leader down"));
			}
		}
	}

	@Test
	void comesBackWithItsDataAfterTheWholeClusterWasDown() throws Exception {
		try (EtcdCluster cluster = EtcdCluster.start(3)) {
			List<String> endpoints = cluster.endpoints();
			try (Client client = cluster.clientBuilder().build()) {
				put(client, "/cluster/kept", "across outage");
			}
			cluster.stopAll();
			assertThat(cluster.members()).noneMatch(EtcdServer::isRunning);
			cluster.startAll();
			assertThat(cluster.members()).allMatch(EtcdServer::isRunning);
			assertThat(cluster.endpoints()).isEqualTo(endpoints);
			try (Client client = cluster.clientBuilder().build()) {
				assertThat(get(client, "/cluster/kept")).isEqualTo("across outage");
			}
		}
	}

	private static EtcdServer leader(EtcdCluster cluster) throws Exception {
		try (Client client = cluster.clientBuilder().build()) {
			for (EtcdServer member : cluster.members()) {
				var status = client.getMaintenanceClient().statusMember(member.endpoint()).get(10, TimeUnit.SECONDS);
				if (status.getLeader() == status.getHeader().getMemberId()) {
					return member;
				}
			}
		}
		throw new AssertionError("No leader in " + cluster.endpoints());
	}

	private static @Nullable String localGet(Client client, String key) throws Exception {
		GetResponse response = client.getKVClient()
			.get(bytes(key), GetOption.builder().withSerializable(true).build())
			.get(10, TimeUnit.SECONDS);
		return response.getKvs().isEmpty() ? null
				: response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
	}

}
