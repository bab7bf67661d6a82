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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

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
 * The packaged sample, {@code target/sample-app-0.1.0-SNAPSHOT.jar}, is an executable
 * Spring Boot jar that runs with {@code java -jar} against an existing etcd. Runs in the
 * {@code integration-test} phase, after {@code package}.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class SampleJarIT {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private final Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));

	@Test
	void jarHasSpringBootsLauncherAsMainClass() throws IOException {
		assertThat(this.jar).isRegularFile();
		try (JarFile file = new JarFile(this.jar.toFile())) {
			Attributes manifest = file.getManifest().getMainAttributes();
			assertThat(manifest.getValue("Main-Class")).isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
			assertThat(manifest.getValue("Start-Class")).isEqualTo(SampleApplication.class.getName());
		}
	}

	@Test
	void javaDashJarRunsTheSampleAgainstAnExistingEtcd(EtcdServer etcd) throws Exception {
		try (DefaultEtcdClient client = EtcdTestClients.create(etcd.endpoint())) {
			client.put("/config/sample/greeting/message", "Hello from the jar");
		}
		int port = FreePorts.pick();
		Path log = this.jar.resolveSibling("sample-jar-it.log");
		Process sample = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				this.jar.toString(), "--etcd.endpoints=" + etcd.endpoint(), "--server.port=" + port,
				"--etcd.registration.host=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			RestClient http = RestClient.create("http://127.0.0.1:" + port);
			await("the sample jar to serve (its output is in " + log + ")").atMost(PATIENCE)
				.ignoreExceptions()
				.failFast("the sample jar exited (its output is in " + log + ")", () -> !sample.isAlive())
				.untilAsserted(() -> assertThat(http.get().uri("/actuator/health").retrieve().body(MAP))
					.containsEntry("status", "UP"));
			assertThat(http.get().uri("/greeting").retrieve().body(MAP))
				.isEqualTo(Map.of("message", "Hello from the jar"));
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(http.get().uri("/instances/sample").retrieve().body(LIST))
					.singleElement()
					.satisfies((instance) -> assertThat(instance).containsEntry("uri", "http://127.0.0.1:" + port)));
		}
		finally {
			sample.destroy();
			if (!sample.waitFor(30, TimeUnit.SECONDS)) {
				sample.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		assertThat(Files.readString(log)).contains("Started SampleApplication");
	}

}
