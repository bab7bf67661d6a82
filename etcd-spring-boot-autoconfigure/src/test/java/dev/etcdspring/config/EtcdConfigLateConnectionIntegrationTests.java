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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.etcdspring.actuate.EtcdEndpoint;
import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application started with {@code optional:etcd:} while etcd was down, when etcd comes
 * back with something the late connection cannot use: a malformed document, or
 * credentials it rejects. The late connection must keep trying, say what is wrong at
 * WARN, show it in {@code /actuator/etcd}, and apply the configuration once the problem
 * is fixed.
 *
 * @author etcd-spring-boot-starter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigLateConnectionIntegrationTests {

	private static final String LATE_READ = "read of the etcd configuration";

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final String root = "/late-" + UUID.randomUUID().toString().substring(0, 8);

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void malformedDocumentWhenEtcdComesBackIsRetriedShownAndAppliedOnceFixed(CapturedOutput output) {
		EtcdServer etcd = EtcdServer.startNew();
		this.closeables.add(etcd);
		String dataKey = this.root + "/orders/data";
		try (DefaultEtcdClient writer = EtcdTestClients.create(etcd.endpoints())) {
			// A flow sequence that never closes: SnakeYAML fails at the end of the text.
			writer.put(dataKey, "greeting:\n  message: [unclosed\n");
		}
		etcd.stop();
		ConfigurableApplicationContext context = run(etcd, "etcd.config.format=yaml");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("local");
		EtcdEndpoint endpoint = context.getBean(EtcdEndpoint.class);
		etcd.start();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(warnings(output))
				.anySatisfy((line) -> assertThat(line).contains(LATE_READ).contains(dataKey)));
		// Retried (not dropped) while the document stays malformed: the failures go on.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lateRead(endpoint) != null
					&& ((String) lateRead(endpoint).getOrDefault("lastError", "")).contains(dataKey));
		int failures = (int) lateRead(endpoint).get("consecutiveFailures");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lateRead(endpoint) != null && (int) lateRead(endpoint).get("consecutiveFailures") > failures);
		Map<String, Object> status = lateRead(endpoint);
		assertThat(status).containsEntry("state", "RETRYING").containsEntry("active", false);
		assertThat((String) status.get("lastError"))
			.contains("Malformed yaml configuration in etcd key '" + dataKey + "'");
		assertThat(output).doesNotContain("unclosed");
		assertThat(greeting.getMessage()).isEqualTo("local");

		try (DefaultEtcdClient writer = EtcdTestClients.create(etcd.endpoints())) {
			writer.put(dataKey, "greeting:\n  message: from-etcd\n");
			await().atMost(Duration.ofSeconds(30)).until(() -> "from-etcd".equals(greeting.getMessage()));
			await().atMost(Duration.ofSeconds(30)).until(() -> lateRead(endpoint) == null);
			// Watched from then on: a later change arrives without restart.
			writer.put(dataKey, "greeting:\n  message: changed\n");
			await().atMost(Duration.ofSeconds(30)).until(() -> "changed".equals(greeting.getMessage()));
		}
		assertThat(output).contains("recovered after");
	}

	@Test
	void rejectedCredentialsWhenEtcdComesBackAreDeniedAndReportedAsCredentials(CapturedOutput output) {
		String rootPassword = "root-" + UUID.randomUUID();
		String password = "right-" + UUID.randomUUID();
		String wrongPassword = "wrong-" + UUID.randomUUID();
		EtcdServer etcd = EtcdServer.startNew();
		this.closeables.add(etcd);
		etcd.enableAuth(rootPassword);
		etcd.addUser("orders", password, this.root + "/");
		etcd.stop();
		ConfigurableApplicationContext context = run(etcd, "etcd.username=orders", "etcd.password=" + wrongPassword,
				"etcd.retry.denied-interval=500ms");
		EtcdEndpoint endpoint = context.getBean(EtcdEndpoint.class);
		etcd.start();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(warnings(output))
				.anySatisfy((line) -> assertThat(line).contains(LATE_READ).contains("etcd.username")));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lateRead(endpoint) != null && "DENIED".equals(lateRead(endpoint).get("state")));
		Map<String, Object> status = lateRead(endpoint);
		assertThat((String) status.get("lastError")).contains("Check etcd.username and etcd.password");
		assertThat(warnings(output).stream().filter((line) -> line.contains("etcd.username")))
			.noneSatisfy((line) -> assertThat(line).containsIgnoringCase("unreachable"));
		assertThat(output).doesNotContain(wrongPassword).doesNotContain(password).doesNotContain(rootPassword);
		// Still retried (credentials may be fixed in etcd): refused again, not dropped.
		int failures = (int) status.get("consecutiveFailures");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lateRead(endpoint) != null && (int) lateRead(endpoint).get("consecutiveFailures") > failures);
		assertThat(context.getBean(ConfigTestApp.GreetingProperties.class).getMessage()).isEqualTo("local");
	}

	private ConfigurableApplicationContext run(EtcdServer etcd, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.config.import=optional:etcd:",
				"etcd.config.prefix=" + this.root, "etcd.request-timeout=1s", "etcd.retry.max-interval=200ms",
				"greeting.message=local", "management.endpoints.web.exposure.include=etcd",
				"etcd.registration.enabled=false", "etcd.discovery.enabled=false"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = ConfigTestApp.run(etcd.endpoints(), all.toArray(String[]::new));
		this.closeables.add(context);
		return context;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> lateRead(EtcdEndpoint endpoint) {
		List<Map<String, Object>> supervised = (List<Map<String, Object>>) endpoint.etcd().get("supervised");
		return supervised.stream()
			.filter((part) -> ((String) part.get("name")).startsWith(LATE_READ))
			.findFirst()
			.orElse(null);
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains(" WARN ")).toList();
	}

}
