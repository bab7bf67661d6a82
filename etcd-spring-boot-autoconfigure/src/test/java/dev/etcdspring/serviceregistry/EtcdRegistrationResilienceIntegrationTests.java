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

package dev.etcdspring.serviceregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registration and discovery through etcd outages, restarts, member failures and
 * compaction, each against a private etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("etcd")
class EtcdRegistrationResilienceIntegrationTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final String prefix = TestApps.uniquePrefix();

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private ConfigurableApplicationContext start(List<String> endpoints, String name, String... properties) {
		return track(TestApps.start(String.join(",", endpoints), this.prefix, name, properties));
	}

	private static List<EtcdRegistrationStateChangedEvent> recordTransitions(ConfigurableApplicationContext context) {
		List<EtcdRegistrationStateChangedEvent> events = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<EtcdRegistrationStateChangedEvent>) events::add);
		return events;
	}

	private static Optional<Long> leaseOf(DefaultEtcdClient etcd, String key) {
		return etcd.get(key).map(EtcdKeyValue::leaseId);
	}

	@Test
	void etcdStoppedForLessThanTheTtlKeepsTheSameLease() {
		EtcdServer server = track(EtcdServer.builder().start());
		DefaultEtcdClient etcd = track(EtcdTestClients.create(server.endpoints()));
		ConfigurableApplicationContext app = start(server.endpoints(), "alpha", "etcd.registration.ttl=6s");
		EtcdRegistration registration = app.getBean(EtcdRegistration.class);
		EtcdServiceRegistry registry = app.getBean(EtcdServiceRegistry.class);
		long lease = registry.getLeaseId(registration);
		List<EtcdRegistrationStateChangedEvent> transitions = recordTransitions(app);
		server.stop();
		await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
		server.start();
		// Longer than the TTL: only a lease kept alive across the outage survives this.
		await().during(Duration.ofSeconds(8))
			.atMost(Duration.ofSeconds(15))
			.until(() -> leaseOf(etcd, registration.getKey()).equals(Optional.of(lease)));
		assertThat(registry.getLeaseId(registration)).isEqualTo(lease);
		assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.REGISTERED);
		assertThat(registry.getRegrantCount()).isZero();
		assertThat(transitions).isEmpty();
	}

	@Test
	void etcdStoppedForLongerThanTheTtlThenRestartedReRegistersAutomatically() {
		EtcdServer server = track(EtcdServer.builder().start());
		DefaultEtcdClient etcd = track(EtcdTestClients.create(server.endpoints()));
		ConfigurableApplicationContext observer = start(server.endpoints(), "observer");
		ConfigurableApplicationContext app = start(server.endpoints(), "alpha");
		EtcdRegistration registration = app.getBean(EtcdRegistration.class);
		EtcdServiceRegistry registry = app.getBean(EtcdServiceRegistry.class);
		long lease = registry.getLeaseId(registration);
		List<EtcdRegistrationStateChangedEvent> transitions = recordTransitions(app);
		server.stop();
		// Well past the 2 s TTL: the client gives the lease up.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> registry.getState(registration) != EtcdRegistrationState.REGISTERED);
		await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
		server.start();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.REGISTERED);
			assertThat(leaseOf(etcd, registration.getKey())).hasValueSatisfying(
					(current) -> assertThat(current).isNotEqualTo(lease).isEqualTo(registry.getLeaseId(registration)));
		});
		// The old lease (extended by etcd's restart) ends; the key stays, on the new one.
		await().atMost(Duration.ofSeconds(15)).until(() -> !etcd.timeToLive(lease).exists());
		assertThat(leaseOf(etcd, registration.getKey())).contains(registry.getLeaseId(registration));
		assertThat(registry.getRegrantCount()).isPositive();
		assertThat(transitions).extracting(EtcdRegistrationStateChangedEvent::getState)
			.contains(EtcdRegistrationState.LEASE_LOST, EtcdRegistrationState.REGISTERED);
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("alpha").size() == 1);
	}

	@Test
	void etcdUnreachableAtStartupRegistersAndLoadsOnceItAnswers() {
		EtcdServer server = track(EtcdServer.builder().start());
		server.stop();
		ConfigurableApplicationContext app = start(server.endpoints(), "alpha", "etcd.request-timeout=500ms");
		EtcdRegistration registration = app.getBean(EtcdRegistration.class);
		DiscoveryClient discovery = app.getBean(DiscoveryClient.class);
		assertThat(discovery.getInstances("alpha")).isEmpty();
		server.start();
		DefaultEtcdClient etcd = track(EtcdTestClients.create(server.endpoints()));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(etcd.get(registration.getKey())).isPresent();
			assertThat(discovery.getInstances("alpha")).hasSize(1);
		});
		discovery.probe();
	}

	@Test
	void keepAliveFailsOverToAnotherMemberOfAThreeMemberCluster() {
		EtcdCluster cluster = track(EtcdCluster.start(3));
		DefaultEtcdClient etcd = track(EtcdTestClients.create(cluster.endpoints()));
		ConfigurableApplicationContext app = start(cluster.endpoints(), "alpha");
		EtcdRegistration registration = app.getBean(EtcdRegistration.class);
		EtcdServiceRegistry registry = app.getBean(EtcdServiceRegistry.class);
		long lease = registry.getLeaseId(registration);
		// Whichever member carries the keep-alive stream, one of these stops cuts it.
		for (EtcdServer member : cluster.members()) {
			member.stop();
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(10))
				.until(() -> leaseOf(etcd, registration.getKey()).equals(Optional.of(lease)));
			member.start();
		}
		assertThat(registry.getLeaseId(registration)).isEqualTo(lease);
		assertThat(registry.getRegrantCount()).isZero();
	}

	@Test
	void discoveryReloadsAfterTheRevisionsItMissedWereCompacted() {
		EtcdCluster cluster = track(EtcdCluster.start(3));
		DefaultEtcdClient etcd = track(EtcdTestClients.create(cluster.endpoints().subList(1, 3)));
		// The observer talks to member 0 only, so stopping it cuts its watch.
		ConfigurableApplicationContext observer = start(cluster.endpoints().subList(0, 1), "observer",
				"etcd.registration.enabled=false");
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		String gone = this.prefix + "/gone/gone-1";
		etcd.put(gone, "{\"serviceId\":\"gone\",\"instanceId\":\"gone-1\",\"host\":\"h\",\"port\":1}");
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("gone").size() == 1);
		cluster.member(0).stop();
		etcd.delete(gone);
		etcd.put(this.prefix + "/new/new-1",
				"{\"serviceId\":\"new\",\"instanceId\":\"new-1\",\"host\":\"h\",\"port\":2}");
		long revision = etcd.put("/unrelated", "x");
		etcd.compact(revision);
		cluster.member(0).start();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(discovery.getInstances("gone")).isEmpty();
			assertThat(discovery.getInstances("new")).hasSize(1);
		});
		assertThat(discovery.getServices()).containsExactly("new");
	}

}
