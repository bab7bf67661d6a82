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

package dev.etcdspring.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.leader.event.OnRevokedEvent;

import static dev.etcdspring.leader.LeaderTestApps.events;
import static dev.etcdspring.leader.LeaderTestApps.isLeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader election when etcd hangs or loses a member, each test with an etcd of its own.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("etcd")
class EtcdLeaderResilienceIntegrationTests {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	private ConfigurableApplicationContext start(List<String> endpoints, String id, String... properties) {
		return track(LeaderTestApps.start(String.join(",", endpoints), "/leaders", id, properties));
	}

	@Test
	void leaderCutOffFromTheClusterStepsDownBeforeAnotherCandidateIsGranted() {
		EtcdCluster cluster = track(EtcdCluster.start(3));
		// Each talks to one member: freezing alpha's leaves the other two a quorum. A
		// time
		// to live of 5 s: beta, the leader once alpha is cut off, must not step down
		// itself when a loaded machine delays one keep-alive answer.
		ConfigurableApplicationContext alpha = start(List.of(cluster.member(0).endpoint()), "alpha",
				"etcd.leader.ttl=5s");
		await().atMost(Duration.ofSeconds(30)).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start(List.of(cluster.member(1).endpoint()), "beta",
				"etcd.leader.ttl=5s");
		await().atMost(Duration.ofSeconds(30)).until(() -> key(beta) != null);
		DefaultEtcdClient etcd = track(EtcdTestClients.create(List.of(cluster.member(2).endpoint())));
		String alphaKey = key(alpha);
		CompletableFuture<Boolean> keyStillThereWhenRevoked = new CompletableFuture<>();
		alpha.addApplicationListener((ApplicationListener<OnRevokedEvent>) (event) -> keyStillThereWhenRevoked
			.complete(etcd.get(alphaKey).isPresent()));
		// Member 0 a follower: freezing it leaves the Raft leader serving, so only
		// alpha's
		// lease is at stake, not an election of the whole cluster.
		cluster.moveRaftLeadership(1);
		cluster.member(0).freeze();
		try {
			assertThat(keyStillThereWhenRevoked).as("alpha stepped down while its lease still held the key")
				.succeedsWithin(Duration.ofSeconds(30))
				.isEqualTo(true);
			await().atMost(Duration.ofSeconds(60)).until(() -> isLeader(beta));
			await().atMost(Duration.ofSeconds(10)).until(() -> events(alpha).kinds().contains("revoked"));
			assertThat(isLeader(alpha)).isFalse();
			assertThat(events(alpha).lastNanos(false)).as("alpha stepped down before beta was granted")
				.isLessThan(events(beta).lastNanos(true));
		}
		finally {
			cluster.member(0).thaw();
		}
		// Back, alpha campaigns with a new lease, so a new key, and queues behind beta.
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			String key = key(alpha);
			return key != null && !key.equals(alphaKey) && etcd.get(key).isPresent();
		});
		String alphaAgain = key(alpha);
		String betaKey = key(beta);
		assertThat(alphaAgain).isNotNull();
		assertThat(betaKey).isNotNull();
		assertThat(etcd.get(alphaAgain).orElseThrow().createRevision()).as("alpha queues again behind beta")
			.isGreaterThan(etcd.get(betaKey).orElseThrow().createRevision());
		await().atMost(Duration.ofSeconds(30)).until(() -> isLeader(beta));
		assertThat(isLeader(alpha)).isFalse();
		assertThat(events(alpha).kinds()).as("alpha never led again").containsExactly("granted", "revoked");
	}

	private static @Nullable String key(ConfigurableApplicationContext context) {
		return context.getBean(EtcdLeadership.class).getInitiators().get(0).getKey();
	}

	@Test
	void leaderKeepsLeadershipWhileEachMemberOfAThreeMemberClusterStopsInTurn() {
		EtcdCluster cluster = track(EtcdCluster.start(3));
		ConfigurableApplicationContext alpha = start(cluster.endpoints(), "alpha", "etcd.leader.ttl=5s");
		await().atMost(Duration.ofSeconds(30)).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start(cluster.endpoints(), "beta", "etcd.leader.ttl=5s");
		await().atMost(Duration.ofSeconds(30)).until(() -> key(beta) != null);
		// Whichever member carries the keep-alive stream, one of these stops cuts it.
		for (EtcdServer member : cluster.members()) {
			member.stop();
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(10))
				.until(() -> isLeader(alpha) && !isLeader(beta));
			member.start();
		}
		assertThat(events(alpha).kinds()).containsExactly("granted");
		assertThat(events(beta).kinds()).isEmpty();
	}

}
