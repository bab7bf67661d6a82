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

package dev.etcdspring.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four behaviours of etcd's Go {@code clientv3} examples (put/get, watch, lease
 * expiry, keep-alive), reproduced through {@link EtcdClient} with the same printed
 * output.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdClientGoExamplesTests {

	private DefaultEtcdClient client;

	private String ns;

	@BeforeEach
	void createClient(EtcdServer etcd) {
		this.client = EtcdTestClients.create(etcd.endpoint());
		// Each test works in a namespace of its own on the shared server, like the Go
		// examples' "/ns/" but without interference between tests.
		this.ns = "/go-" + UUID.randomUUID();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void putThenGetPrintsKeyAndValue() {
		String key = this.ns + "/ns/service";
		this.client.put(key, "127.0.0.1:8000");

		EtcdKeyValue kv = this.client.get(key).orElseThrow();

		assertThat(kv.toString()).isEqualTo(key + "=127.0.0.1:8000");
		assertThat(kv.version()).isEqualTo(1);
		assertThat(kv.leaseId()).isZero();
	}

	@Test
	void watcherSeesOnePutEventPerPutInOrder() throws InterruptedException {
		String key = this.ns + "/ns/service";
		List<String> printed = new CopyOnWriteArrayList<>();
		List<String> threads = new CopyOnWriteArrayList<>();
		List<String> expected = new ArrayList<>();
		try (EtcdWatchSubscription watch = this.client.watch(key, (event) -> {
			printed.add(event.toString());
			threads.add(Thread.currentThread().getName());
		})) {
			for (int port = 8001; port <= 8005; port++) {
				this.client.put(key, "127.0.0.1:" + port);
				expected.add("Type:PUT,Key:" + key + ",Value:127.0.0.1:" + port);
				Thread.sleep(100);
			}
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(printed).hasSize(5));
			assertThat(printed).containsExactlyElementsOf(expected);
			assertThat(threads).allSatisfy((name) -> assertThat(name).startsWith("etcd-callback-"));
			assertThat(watch.lastRevision()).isEqualTo(this.client.get(key).orElseThrow().modRevision());
		}
	}

	@Test
	void keyPutWithLeaseIsDeletedWhenTheLeaseExpires() {
		String key = this.ns + "/ns/leased";
		List<EtcdWatchEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdWatchSubscription watch = this.client.watch(key, events::add)) {
			EtcdLease lease = this.client.grantLease(Duration.ofSeconds(5));
			assertThat(lease.ttl()).isEqualTo(Duration.ofSeconds(5));
			this.client.put(key, "expires", lease.id());
			assertThat(this.client.get(key).orElseThrow().leaseId()).isEqualTo(lease.id());

			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(events).extracting(EtcdWatchEvent::type)
					.containsExactly(EtcdWatchEvent.Type.PUT, EtcdWatchEvent.Type.DELETE));
			EtcdWatchEvent delete = events.get(1);
			assertThat(delete.toString()).isEqualTo("Type:DELETE,Key:" + key + ",Value:");
			assertThat(delete.previousValue()).isEqualTo("expires");
			assertThat(this.client.get(key)).isEmpty();
			assertThat(this.client.timeToLive(lease.id()).exists()).isFalse();
		}
	}

	@Test
	void keepAliveKeepsTheKeyUntilItStops() throws InterruptedException {
		String key = this.ns + "/ns/kept";
		EtcdLease lease = this.client.grantLease(Duration.ofSeconds(5));
		this.client.put(key, "alive", lease.id());
		List<Duration> ttls = new CopyOnWriteArrayList<>();
		List<Long> lost = new CopyOnWriteArrayList<>();
		EtcdKeepAlive keepAlive = this.client.keepAlive(lease.id(), new EtcdKeepAliveListener() {

			@Override
			public void onKeepAlive(long leaseId, Duration ttl) {
				ttls.add(ttl);
			}

			@Override
			public void onLost(long leaseId) {
				lost.add(leaseId);
			}

		});
		try {
			// Outlive three TTLs: without keep-alive the key would be gone after one.
			long start = System.nanoTime();
			await().atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(16)) > 0);
			assertThat(this.client.get(key)).map(EtcdKeyValue::value).contains("alive");
			assertThat(ttls).hasSizeGreaterThanOrEqualTo(4)
				.allSatisfy((ttl) -> assertThat(ttl).isEqualTo(Duration.ofSeconds(5)));
			assertThat(lost).isEmpty();
		}
		finally {
			keepAlive.close();
		}
		List<EtcdWatchEvent> events = new CopyOnWriteArrayList<>();
		try (EtcdWatchSubscription watch = this.client.watch(key, events::add)) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(events).extracting(EtcdWatchEvent::type)
					.containsExactly(EtcdWatchEvent.Type.DELETE));
		}
		assertThat(this.client.get(key)).isEmpty();
	}

}
