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

package dev.etcdspring.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdTransaction;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EtcdServiceInstanceCache} against the shared etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdServiceInstanceCacheIntegrationTests {

	private final List<HeartbeatEvent> heartbeats = new CopyOnWriteArrayList<>();

	private final String prefix = "/cache-" + UUID.randomUUID().toString().substring(0, 8);

	private DefaultEtcdClient client;

	private EtcdServiceInstanceCache cache;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.client = EtcdTestClients.create(server.endpoints());
		this.client.put(this.prefix + "/a/a-1", payload("a", "a-1", 1));
		this.cache = new EtcdServiceInstanceCache(this.client, this.prefix, (event) -> {
			if (event instanceof HeartbeatEvent heartbeat) {
				this.heartbeats.add(heartbeat);
			}
		});
		this.cache.start();
	}

	@AfterEach
	void tearDown() {
		this.cache.close();
		this.client.close();
	}

	private static String payload(String service, String instance, int port) {
		return "{\"serviceId\":\"" + service + "\",\"instanceId\":\"" + instance + "\",\"host\":\"h\",\"port\":" + port
				+ "}";
	}

	@Test
	void loadsAtStartWithoutAHeartbeatAndServesTheSameListUntilAChange() {
		assertThat(this.cache.isLoaded()).isTrue();
		assertThat(this.cache.getInstances("a")).extracting(ServiceInstance::getInstanceId).containsExactly("a-1");
		assertThat(this.cache.getInstances("a")).isSameAs(this.cache.getInstances("a"));
		assertThat(this.cache.getServices()).containsExactly("a");
		assertThat(this.heartbeats).isEmpty();
	}

	@Test
	void publishesAHeartbeatOnlyOnRealChanges() {
		this.client.put(this.prefix + "/a/a-2", payload("a", "a-2", 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.heartbeats.size() == 1);
		long changedAt = (Long) this.heartbeats.get(0).getValue();
		assertThat(changedAt).isEqualTo(this.cache.getRevision());
		// Not changes: the same value written again, a malformed value for a new key,
		// a delete of a key that never held an instance.
		this.client.put(this.prefix + "/a/a-2", payload("a", "a-2", 2));
		this.client.put(this.prefix + "/b/broken", "{oops");
		this.client.delete(this.prefix + "/c/never");
		// A real change, as a marker that everything before it was processed.
		this.client.put(this.prefix + "/d/d-1", payload("d", "d-1", 4));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("d").size() == 1);
		assertThat(this.heartbeats).hasSize(2);
		assertThat(this.cache.getServices()).containsExactly("a", "d");
	}

	@Test
	void malformedValueReplacingAnInstanceRemovesIt() {
		this.client.put(this.prefix + "/a/a-1", "not json");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").isEmpty());
		assertThat(this.cache.getServices()).isEmpty();
		assertThat(this.heartbeats).hasSize(1);
	}

	@Test
	void skipsARegistrationWhoseHostNoUriCanCarry() {
		this.client.put(this.prefix + "/a/a-2",
				"{\"serviceId\":\"a\",\"instanceId\":\"a-2\",\"host\":\"bad host\",\"port\":2}");
		this.client.put(this.prefix + "/a/a-3", payload("a", "a-3", 3));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").size() == 2);
		assertThat(this.cache.getInstances("a")).extracting(ServiceInstance::getUri)
			.extracting(Object::toString)
			.containsExactly("http://h:1", "http://h:3");
	}

	@Test
	void leavesOutInstancesThatAreNotUp() {
		this.client.put(this.prefix + "/a/a-1",
				"{\"serviceId\":\"a\",\"instanceId\":\"a-1\",\"host\":\"h\",\"port\":1,\"status\":\"DOWN\"}");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").isEmpty());
		this.client.put(this.prefix + "/a/a-1", payload("a", "a-1", 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").size() == 1);
		assertThat(this.cache.getInstanceCounts()).containsEntry("a", 1);
	}

	@Test
	void aChangeKeepsTheListInstancesOfTheServicesItDoesNotChange() {
		this.client.put(this.prefix + "/b/b-1", payload("b", "b-1", 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("b").size() == 1);
		List<ServiceInstance> a = this.cache.getInstances("a");
		List<ServiceInstance> b = this.cache.getInstances("b");
		this.client.put(this.prefix + "/a/a-2", payload("a", "a-2", 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").size() == 2);
		assertThat(this.cache.getInstances("b")).isSameAs(b);
		// A new instance that takes no traffic changes the registrations (a heartbeat)
		// but not the list of its service.
		int heartbeats = this.heartbeats.size();
		this.client.put(this.prefix + "/b/b-2",
				"{\"serviceId\":\"b\",\"instanceId\":\"b-2\",\"host\":\"h\",\"port\":2,\"status\":\"DOWN\"}");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.heartbeats.size() == heartbeats + 1);
		assertThat(this.cache.getInstances("b")).isSameAs(b);
		this.client.delete(this.prefix + "/a/a-2");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").size() == 1);
		assertThat(this.cache.getInstances("a")).isNotSameAs(a).isEqualTo(a);
		assertThat(this.cache.getInstances("b")).isSameAs(b);
		assertThat(this.cache.getServices()).containsExactly("a", "b");
	}

	@Test
	void changesAppliedOneByOneLeaveWhatAFreshReadBuilds() {
		// Random puts (instances up and down, malformed values, an instance moving to
		// another service under the same key), deletes and transactions across services.
		Random random = new Random(20261201L);
		String[] services = { "a", "b", "c", "d", "e", "f" };
		long lastRevision = 0;
		for (int step = 0; step < 300; step++) {
			int writes = (random.nextInt(5) == 0) ? 2 + random.nextInt(4) : 1;
			EtcdTransaction transaction = this.client.transaction();
			Set<String> written = new HashSet<>();
			for (int write = 0; write < writes; write++) {
				String keyService = services[random.nextInt(services.length)];
				String key = this.prefix + "/" + keyService + "/" + keyService + "-" + random.nextInt(6);
				if (!written.add(key)) {
					// etcd refuses a transaction that writes a key twice.
					continue;
				}
				int kind = random.nextInt(10);
				if (kind < 3) {
					transaction.delete(key);
				}
				else {
					String service = (kind == 3) ? services[random.nextInt(services.length)] : keyService;
					String instance = key.substring(key.lastIndexOf('/') + 1);
					String value = switch (kind) {
						case 4 -> "{\"serviceId\":\"" + service + "\",\"instanceId\":\"" + instance
								+ "\",\"host\":\"h\",\"port\":1,\"status\":\"" + (random.nextBoolean() ? "DOWN" : "up")
								+ "\"}";
						case 5 -> (random.nextBoolean() ? "{oops" : "{\"serviceId\":\"" + service + "\"}");
						default -> payload(service, instance, random.nextInt(3));
					};
					transaction.put(key, value);
				}
			}
			lastRevision = transaction.commit().revision();
		}
		long last = lastRevision;
		await().atMost(Duration.ofSeconds(20)).until(() -> this.cache.getRevision() >= last);
		EtcdServiceInstanceCache fresh = new EtcdServiceInstanceCache(this.client, this.prefix, null);
		try {
			fresh.start();
			assertThat(fresh.getRevision()).isGreaterThanOrEqualTo(last);
			assertThat(this.cache.getServices()).isEqualTo(fresh.getServices());
			List<String> all = new ArrayList<>(List.of(services));
			all.add("missing");
			for (String service : all) {
				assertThat(this.cache.getInstances(service)).as(service).isEqualTo(fresh.getInstances(service));
			}
			assertThat(this.cache.getInstanceCounts()).isEqualTo(fresh.getInstanceCounts());
			assertThat(this.cache.getInstanceCount()).isEqualTo(fresh.getInstanceCount()).isPositive();
		}
		finally {
			fresh.close();
		}
	}

	@Test
	void reactiveProbeCompletesOnlyOnceTheRegistrationsHaveBeenRead() {
		assertThat(new EtcdReactiveDiscoveryClient(this.cache).reactiveProbe().block(Duration.ofSeconds(5))).isNull();
		EtcdServiceInstanceCache notStarted = new EtcdServiceInstanceCache(this.client, this.prefix + "-b", (event) -> {
		});
		assertThatIllegalStateException()
			.isThrownBy(() -> new EtcdReactiveDiscoveryClient(notStarted).reactiveProbe().block(Duration.ofSeconds(5)))
			.withMessageContaining(this.prefix + "-b");
	}

}
