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
import java.util.UUID;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.leader.event.OnGrantedEvent;

import static dev.etcdspring.leader.LeaderTestApps.events;
import static dev.etcdspring.leader.LeaderTestApps.isLeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader election between real applications against the shared etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdLeaderElectionIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private String prefix;

	private String endpoint;

	private DefaultEtcdClient etcd;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.prefix = "/leaders-" + UUID.randomUUID().toString().substring(0, 8);
		this.endpoint = server.endpoint();
		this.etcd = EtcdTestClients.create(server.endpoints());
	}

	@AfterEach
	void tearDown() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.etcd.close();
	}

	private ConfigurableApplicationContext start(String id, String... properties) {
		ConfigurableApplicationContext context = LeaderTestApps.start(this.endpoint, this.prefix, id, properties);
		this.contexts.add(context);
		return context;
	}

	private List<EtcdKeyValue> queue() {
		return this.etcd.getPrefix(this.prefix + "/reports/").keyValues();
	}

	private long leaders(ConfigurableApplicationContext... contexts) {
		return List.of(contexts).stream().filter(LeaderTestApps::isLeader).count();
	}

	@Test
	void twoApplicationsElectOneLeaderAndTheOtherWaits() {
		ConfigurableApplicationContext alpha = start("alpha");
		await().atMost(WAIT).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start("beta");
		await().atMost(WAIT).until(() -> queue().size() == 2);
		assertThat(isLeader(alpha)).isTrue();
		assertThat(isLeader(beta)).isFalse();
		assertThat(events(alpha).kinds()).containsExactly("granted");
		assertThat(events(beta).kinds()).isEmpty();
		OnGrantedEvent granted = (OnGrantedEvent) events(alpha).all.get(0).event();
		assertThat(granted.getRole()).isEqualTo("reports");
		assertThat(granted.getContext().isLeader()).isTrue();
		assertThat(granted.getContext().getRole()).isEqualTo("reports");
		EtcdKeyValue leaderKey = queue().stream()
			.min((left, right) -> Long.compare(left.createRevision(), right.createRevision()))
			.orElseThrow();
		assertThat(leaderKey.value()).isEqualTo("alpha");
		assertThat(leaderKey.key()).isEqualTo(this.prefix + "/reports/" + Long.toHexString(leaderKey.leaseId()));
		assertThat(this.etcd.timeToLive(leaderKey.leaseId()).granted()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void gracefulStopHandsLeadershipOverAtOnceDownAChainOfThree() {
		// A TTL far longer than the waits: a hand-over here cannot come from an expiry.
		ConfigurableApplicationContext alpha = start("alpha", "etcd.leader.ttl=60s");
		await().atMost(WAIT).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start("beta", "etcd.leader.ttl=60s");
		await().atMost(WAIT).until(() -> queue().size() == 2);
		ConfigurableApplicationContext gamma = start("gamma", "etcd.leader.ttl=60s");
		await().atMost(WAIT).until(() -> queue().size() == 3);
		assertThat(leaders(alpha, beta, gamma)).isOne();
		LeaderTestApps.Events alphaEvents = events(alpha);
		alpha.close();
		assertThat(alphaEvents.kinds()).as("told before close returned").containsExactly("granted", "revoked");
		assertThat(queue()).as("its key went with its revoked lease").hasSize(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> isLeader(beta));
		assertThat(isLeader(gamma)).isFalse();
		beta.close();
		await().atMost(Duration.ofSeconds(20)).until(() -> isLeader(gamma));
		assertThat(events(gamma).kinds()).containsExactly("granted");
	}

	@Test
	void crashedLeaderIsReplacedAfterTheTtl() {
		ConfigurableApplicationContext alpha = start("alpha", "etcd.leader.ttl=2s");
		await().atMost(WAIT).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start("beta");
		await().atMost(WAIT).until(() -> queue().size() == 2);
		// The client goes away without revoking anything, as in a crash.
		((DefaultEtcdClient) alpha.getBean(EtcdClient.class)).close();
		await().atMost(WAIT).until(() -> isLeader(beta));
		await().atMost(WAIT).until(() -> !isLeader(alpha));
		assertThat(queue()).singleElement().satisfies((key) -> assertThat(key.value()).isEqualTo("beta"));
	}

	@Test
	void yieldingHandsLeadershipToTheNextCandidateAndQueuesAgain() {
		ConfigurableApplicationContext alpha = start("alpha");
		await().atMost(WAIT).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start("beta");
		await().atMost(WAIT).until(() -> queue().size() == 2);
		alpha.getBean(EtcdLeadership.class).getContext("reports").orElseThrow().yield();
		await().atMost(WAIT).until(() -> isLeader(beta));
		await().atMost(WAIT).until(() -> queue().size() == 2);
		assertThat(isLeader(alpha)).isFalse();
		assertThat(events(alpha).kinds()).containsExactly("granted", "revoked");
		beta.getBean(EtcdLeadership.class).getContext("reports").orElseThrow().yield();
		await().atMost(WAIT).until(() -> isLeader(alpha));
	}

	@Test
	void keyDeletedByHandRevokesLeadershipAndTheCandidateQueuesAgain() {
		ConfigurableApplicationContext alpha = start("alpha");
		await().atMost(WAIT).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start("beta");
		await().atMost(WAIT).until(() -> queue().size() == 2);
		String alphaKey = alpha.getBean(EtcdLeadership.class).getInitiators().get(0).getKey();
		this.etcd.delete(alphaKey);
		await().atMost(WAIT).until(() -> isLeader(beta));
		await().atMost(WAIT).until(() -> !isLeader(alpha) && queue().size() == 2);
		assertThat(leaders(alpha, beta)).isOne();
	}

	@Test
	void candidateThatRefusesTrafficResignsAndCampaignsAgainOnceReady() {
		ConfigurableApplicationContext alpha = start("alpha");
		await().atMost(WAIT).until(() -> isLeader(alpha));
		ConfigurableApplicationContext beta = start("beta");
		await().atMost(WAIT).until(() -> queue().size() == 2);
		AvailabilityChangeEvent.publish(alpha, ReadinessState.REFUSING_TRAFFIC);
		assertThat(isLeader(alpha)).isFalse();
		assertThat(queue()).as("its lease revoked at once")
			.singleElement()
			.satisfies((key) -> assertThat(key.value()).isEqualTo("beta"));
		await().atMost(WAIT).until(() -> isLeader(beta));
		AvailabilityChangeEvent.publish(alpha, ReadinessState.ACCEPTING_TRAFFIC);
		await().atMost(WAIT).until(() -> queue().size() == 2);
		assertThat(isLeader(alpha)).isFalse();
		assertThat(isLeader(beta)).isTrue();
	}

}
