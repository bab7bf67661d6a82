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
package dev.etcdspring.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import dev.etcdspring.test.FreePorts;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample, ahead-of-time processed by the build ({@code process-aot}, as
 * Boot's {@code native} profile does, with {@code spring.cloud.refresh.enabled=false} as
 * Spring Cloud requires there), started on the JVM with {@code -Dspring.aot.enabled=true}
 * against a real etcd: configuration import, live rebinding of a
 * {@code @ConfigurationProperties} bean, registration, discovery, {@code @EtcdWatch},
 * health and {@code /actuator/etcd}. Runs in the {@code integration-test} phase, after
 * {@code package}.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class SampleAotIT {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final String NAME = "sample-aot";

	private static final String GREETING_KEY = "/config/" + NAME + "/greeting/message";

	private static final String WATCHED_KEY = "/aot-it/service";

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private final Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));

	@Test
	void aheadOfTimeProcessedSampleAppliesChangesRegistersDiscoversWatchesAndReports(EtcdServer etcd) throws Exception {
		try (DefaultEtcdClient client = EtcdTestClients.create(etcd.endpoint())) {
			client.put(GREETING_KEY, "Hello ahead of time");
			int port = FreePorts.pick();
			Path log = this.jar.resolveSibling("sample-aot-it.log");
			Process sample = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Dspring.aot.enabled=true", "-jar", this.jar.toString(), "--spring.application.name=" + NAME,
					"--spring.cloud.refresh.enabled=false", "--etcd.endpoints=" + etcd.endpoint(),
					"--server.port=" + port, "--etcd.registration.host=127.0.0.1",
					"--sample.watched-key=" + WATCHED_KEY)
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			try {
				RestClient http = RestClient.create("http://127.0.0.1:" + port);
				String where = " (the sample's output is in " + log + ")";
				await("the AOT-processed sample to serve" + where).atMost(PATIENCE)
					.ignoreExceptions()
					.failFast("the sample exited" + where, () -> !sample.isAlive())
					.untilAsserted(() -> assertThat(http.get().uri("/actuator/health").retrieve().body(MAP))
						.containsEntry("status", "UP"));
				assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");
				// configuration import
				assertThat(http.get().uri("/greeting").retrieve().body(MAP))
					.isEqualTo(Map.of("message", "Hello ahead of time"));
				// live rebinding of the @ConfigurationProperties bean
				client.put(GREETING_KEY, "Changed ahead of time");
				await("the change to reach GreetingProperties" + where).atMost(PATIENCE)
					.untilAsserted(() -> assertThat(http.get().uri("/greeting").retrieve().body(MAP))
						.isEqualTo(Map.of("message", "Changed ahead of time")));
				// registration and discovery
				await("the sample to register and discover itself" + where).atMost(PATIENCE)
					.untilAsserted(
							() -> assertThat(http.get().uri("/instances/" + NAME).retrieve().body(LIST)).singleElement()
								.satisfies((instance) -> assertThat(instance)
									.containsEntry("uri", "http://127.0.0.1:" + port)
									.containsEntry("metadata", Map.of("zone", "local"))));
				assertThat(client.getPrefix("/services/" + NAME + "/").keyValues()).hasSize(1);
				// @EtcdWatch: ServiceWatcher prints every event of the watched key
				await("the @EtcdWatch method to start watching" + where).atMost(PATIENCE)
					.until(() -> Files.readString(log).contains("for @EtcdWatch ServiceWatcher.onChange"));
				client.put(WATCHED_KEY, "127.0.0.1:8001");
				await("the @EtcdWatch method to see the put" + where).atMost(PATIENCE)
					.until(() -> Files.readString(log).contains("Type:PUT,Key:" + WATCHED_KEY));
				// health and the endpoint
				Map<String, Object> health = http.get().uri("/actuator/health").retrieve().body(MAP);
				assertThat(map(map(health.get("components")).get("etcd"))).containsEntry("status", "UP");
				Map<String, Object> state = http.get().uri("/actuator/etcd").retrieve().body(MAP);
				assertThat(map(state.get("config"))).containsEntry("watching", true);
				assertThat(list(state.get("supervised")))
					.anySatisfy((watch) -> assertThat(watch)
						.containsEntry("name",
								"@EtcdWatch ServiceWatcher.onChange (watch on key '" + WATCHED_KEY + "')")
						.containsEntry("state", "ACTIVE"))
					.anySatisfy((watch) -> assertThat((String) watch.get("name")).startsWith("configuration watch"));
				assertThat(Files.readString(log)).contains("@RefreshScope is not supported");
			}
			finally {
				sample.destroy();
				if (!sample.waitFor(30, TimeUnit.SECONDS)) {
					sample.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			// deregistered on graceful shutdown
			assertThat(client.getPrefix("/services/" + NAME + "/").keyValues()).isEmpty();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

}
