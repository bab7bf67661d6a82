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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.DefaultEtcdClient;
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
	void leavesOutInstancesThatAreNotUp() {
		this.client.put(this.prefix + "/a/a-1",
				"{\"serviceId\":\"a\",\"instanceId\":\"a-1\",\"host\":\"h\",\"port\":1,\"status\":\"DOWN\"}");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").isEmpty());
		this.client.put(this.prefix + "/a/a-1", payload("a", "a-1", 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.cache.getInstances("a").size() == 1);
		assertThat(this.cache.getInstanceCounts()).containsEntry("a", 1);
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
