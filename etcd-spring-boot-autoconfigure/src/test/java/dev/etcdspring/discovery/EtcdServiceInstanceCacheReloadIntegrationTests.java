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
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the reload {@link EtcdServiceInstanceCache} does after the revisions its
 * watch missed were compacted, against a private three-member cluster.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("etcd")
class EtcdServiceInstanceCacheReloadIntegrationTests {

	private static final String PREFIX = "/reload";

	private static String payload(String service, String instance) {
		return "{\"serviceId\":\"" + service + "\",\"instanceId\":\"" + instance + "\",\"host\":\"h\",\"port\":1}";
	}

	@Test
	void reloadAfterCompactionRebuildsOnlyTheServicesThatChanged() {
		List<HeartbeatEvent> heartbeats = new CopyOnWriteArrayList<>();
		try (EtcdCluster cluster = EtcdCluster.start(3);
				DefaultEtcdClient writer = EtcdTestClients.create(cluster.endpoints().subList(1, 3));
				// The cache talks to member 0 only, so stopping it cuts its watch.
				DefaultEtcdClient reader = EtcdTestClients.create(cluster.endpoints().subList(0, 1))) {
			writer.put(PREFIX + "/kept/kept-1", payload("kept", "kept-1"));
			writer.put(PREFIX + "/kept/kept-2", payload("kept", "kept-2"));
			writer.put(PREFIX + "/gone/gone-1", payload("gone", "gone-1"));
			EtcdServiceInstanceCache cache = new EtcdServiceInstanceCache(reader, PREFIX, (event) -> {
				if (event instanceof HeartbeatEvent heartbeat) {
					heartbeats.add(heartbeat);
				}
			});
			try {
				cache.start();
				List<ServiceInstance> kept = cache.getInstances("kept");
				assertThat(kept).hasSize(2);
				cluster.member(0).stop();
				writer.delete(PREFIX + "/gone/gone-1");
				writer.put(PREFIX + "/new/new-1", payload("new", "new-1"));
				// Written again with the same value: no change for discovery.
				writer.put(PREFIX + "/kept/kept-1", payload("kept", "kept-1"));
				long revision = writer.put("/unrelated", "x");
				writer.compact(revision);
				cluster.member(0).start();
				await().atMost(Duration.ofSeconds(30)).until(() -> cache.getInstances("new").size() == 1);
				assertThat(cache.getInstances("gone")).isEmpty();
				assertThat(cache.getServices()).containsExactly("kept", "new");
				assertThat(cache.getInstances("kept")).isSameAs(kept);
				assertThat(heartbeats).hasSize(1);
			}
			finally {
				cache.close();
			}
		}
	}

}
