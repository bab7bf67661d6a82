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

package dev.etcdspring.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.etcdspring.actuate.EtcdEndpoint;
import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose etcd is restored from an empty data directory (a restore, or a new
 * cluster at the same address): revisions start again at 1, far below what the
 * application saw. Configuration and discovery must notice, reload and apply the new
 * content, say why at WARN, and report the new revisions.
 *
 * @author etcd-spring-boot-starter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdRestoredEtcdIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Test
	void configurationAndDiscoveryFollowAnEtcdReplacedByAnEmptyOne(CapturedOutput output) {
		String root = "/restored-" + UUID.randomUUID().toString().substring(0, 8);
		String services = "/services-" + UUID.randomUUID().toString().substring(0, 8);
		try (EtcdServer etcd = EtcdServer.builder().name("restored").start()) {
			try (DefaultEtcdClient writer = EtcdTestClients.create(etcd.endpoints())) {
				// History the new cluster will not have: the old revisions end far above
				// the ones the new cluster starts with.
				for (int i = 0; i < 50; i++) {
					writer.put("/history/" + i, "x");
				}
				writer.put(root + "/orders/greeting/message", "loaded");
				writer.put(root + "/orders/greeting/other", "only-before");
				writer.put(services + "/billing/billing-1", registration("billing-1", 9001));
			}
			try (ConfigurableApplicationContext context = ConfigTestApp.run(etcd.endpoints(),
					"spring.config.import=etcd:", "etcd.config.prefix=" + root, "etcd.discovery.prefix=" + services,
					"etcd.registration.enabled=false", "etcd.request-timeout=2s", "etcd.retry.max-interval=500ms",
					"management.endpoints.web.exposure.include=etcd");
					DefaultEtcdClient writer = EtcdTestClients.create(etcd.endpoints())) {
				ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
				DiscoveryClient discovery = context.getBean(DiscoveryClient.class);
				EtcdEndpoint endpoint = context.getBean(EtcdEndpoint.class);
				assertThat(greeting.getMessage()).isEqualTo("loaded");
				assertThat(greeting.getOther()).isEqualTo("only-before");
				assertThat(instanceIds(discovery)).containsExactly("billing-1");
				// Both watches deliver before etcd is replaced.
				writer.put(root + "/orders/greeting/message", "before");
				writer.put(services + "/billing/billing-3", registration("billing-3", 9003));
				await().atMost(PATIENCE).until(() -> "before".equals(greeting.getMessage()));
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(instanceIds(discovery)).containsExactly("billing-1", "billing-3"));
				assertThat(configRevision(endpoint)).isGreaterThan(50);
				assertThat(discoveryRevision(endpoint)).isGreaterThan(50);

				etcd.wipe();
				// The new, empty cluster: its revisions start again at 1.
				await().atMost(PATIENCE).ignoreExceptions().until(() -> {
					writer.put(root + "/orders/greeting/message", "after");
					return true;
				});
				writer.put(services + "/billing/billing-2", registration("billing-2", 9002));
				writer.put(services + "/billing/billing-3", registration("billing-3", 9003));
				await().atMost(PATIENCE).until(() -> "after".equals(greeting.getMessage()));
				// Only in the old etcd: back to the bean's default.
				await().atMost(PATIENCE).until(() -> "x".equals(greeting.getOther()));
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(instanceIds(discovery)).containsExactly("billing-2", "billing-3"));
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(configRevision(endpoint)).isPositive().isLessThan(10));
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(discoveryRevision(endpoint)).isPositive().isLessThan(10));
				assertThat(contextRevisions(endpoint)).allSatisfy((revision) -> assertThat(revision).isLessThan(10));
				assertThat(output).contains("etcd was restored or replaced");
				assertThat(output.getOut().lines().filter((line) -> line.contains(" WARN ")))
					.anySatisfy(
							(line) -> assertThat(line).contains("configuration watch").contains("restored or replaced"))
					.anySatisfy(
							(line) -> assertThat(line).contains("discovery watch").contains("restored or replaced"));
			}
		}
	}

	private static String registration(String id, int port) {
		return "{\"serviceId\":\"billing\",\"instanceId\":\"" + id + "\",\"host\":\"127.0.0.1\",\"port\":" + port
				+ ",\"secure\":false,\"metadata\":{}}";
	}

	private static List<String> instanceIds(DiscoveryClient discovery) {
		return discovery.getInstances("billing").stream().map(ServiceInstance::getInstanceId).sorted().toList();
	}

	@SuppressWarnings("unchecked")
	private static long configRevision(EtcdEndpoint endpoint) {
		return ((Number) ((Map<String, Object>) endpoint.etcd().get("config")).get("revision")).longValue();
	}

	@SuppressWarnings("unchecked")
	private static List<Long> contextRevisions(EtcdEndpoint endpoint) {
		Map<String, Object> config = (Map<String, Object>) endpoint.etcd().get("config");
		return ((List<Map<String, Object>>) config.get("contexts")).stream()
			.map((context) -> ((Number) context.get("revision")).longValue())
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static long discoveryRevision(EtcdEndpoint endpoint) {
		return ((Number) ((Map<String, Object>) endpoint.etcd().get("discovery")).get("revision")).longValue();
	}

}
