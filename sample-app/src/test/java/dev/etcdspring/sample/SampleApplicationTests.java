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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestServerEnvironmentPostProcessor;
import dev.etcdspring.test.EtcdTestServers;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application against a real etcd, through HTTP: the greeting from etcd before
 * and after a change, health, the {@code etcd} endpoint, discovery, a load-balanced call,
 * the {@code @EtcdWatch} output and the leased key.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { EtcdTestServerEnvironmentPostProcessor.PROPERTY + "=true", "etcd.registration.host=127.0.0.1",
				"sample.lease-ttl=5s", "sample.report-interval=200ms" })
class SampleApplicationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final String GREETING_KEY = "/config/sample/greeting/message";

	@LocalServerPort
	private int port;

	@Autowired
	private EtcdClient etcd;

	@BeforeAll
	static void seedConfiguration() throws Exception {
		// Written before the application starts, so the etcd: import loads it.
		EtcdServer server = EtcdTestServers.shared();
		try (Client client = Client.builder().endpoints(server.endpoint()).build()) {
			client.getKVClient()
				.put(ByteSequence.from(GREETING_KEY, UTF_8), ByteSequence.from("Hello from etcd", UTF_8))
				.get();
		}
	}

	private Map<String, Object> getMap(String path) {
		return RestClient.create("http://localhost:" + this.port).get().uri(path).retrieve().body(MAP);
	}

	private List<Map<String, Object>> getList(String path) {
		return RestClient.create("http://localhost:" + this.port).get().uri(path).retrieve().body(LIST);
	}

	@Test
	void greetingComesFromEtcdAndFollowsChanges() {
		assertThat(getMap("/greeting")).isEqualTo(Map.of("message", "Hello from etcd"));
		this.etcd.put(GREETING_KEY, "Changed in etcd");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(getMap("/greeting")).isEqualTo(Map.of("message", "Changed in etcd")));
		this.etcd.put(GREETING_KEY, "Hello from etcd");
	}

	@Test
	void healthIsUpWithEtcd() {
		Map<String, Object> health = getMap("/actuator/health");
		assertThat(health).containsEntry("status", "UP");
		assertThat(health.get("components")).asInstanceOf(InstanceOfAssertFactories.MAP).containsKey("etcd");
	}

	@Test
	void etcdEndpointShowsTheWatch() {
		Map<String, Object> etcd = getMap("/actuator/etcd");
		assertThat(etcd.get("endpoints")).isEqualTo(List.of(EtcdTestServers.shared().endpoint()));
		assertThat(etcd.get("watches")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.singleElement()
			.asInstanceOf(InstanceOfAssertFactories.MAP)
			.satisfies((watch) -> assertThat(watch).containsEntry("key", "/ns/service")
				.containsEntry("method", "ServiceWatcher.onChange")
				.containsEntry("active", true));
	}

	@Test
	void watchPrintsChangesLikeEtcdsExample(CapturedOutput output) {
		this.etcd.put("/ns/service", "127.0.0.1:8001");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(output.getOut()).contains("Type:PUT,Key:/ns/service,Value:127.0.0.1:8001"));
		this.etcd.delete("/ns/service");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(output.getOut()).contains("Type:DELETE,Key:/ns/service,Value:"));
	}

	@Test
	void leasedKeyIsKeptAlive() {
		EtcdKeyValue leased = this.etcd.get("/ns/leased/sample").orElseThrow();
		assertThat(leased.value()).isEqualTo("alive");
		assertThat(leased.leaseId()).isNotZero();
		// Still there after more than one TTL: kept alive.
		await().pollDelay(Duration.ofSeconds(7))
			.atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.etcd.timeToLive(leased.leaseId()).remaining()).isPositive());
		assertThat(this.etcd.get("/ns/leased/sample")).isPresent();
	}

	@Test
	void registersItselfAndIsCalledByServiceNameThroughEtcdDiscovery() {
		// Registered under /services/sample/{instance-id} when ready; seen by its own
		// DiscoveryClient through the watch-fed cache.
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(getList("/instances/sample")).singleElement().satisfies((instance) -> {
				assertThat(instance).containsEntry("serviceId", "sample")
					.containsEntry("uri", "http://127.0.0.1:" + this.port);
				assertThat(instance.get("metadata")).isEqualTo(Map.of("zone", "local"));
			}));
		assertThat(this.etcd.getPrefix("/services/sample/").keyValues()).singleElement()
			.satisfies((kv) -> assertThat(kv.value()).contains("\"port\":" + this.port))
			.satisfies((kv) -> assertThat(kv.leaseId()).isNotZero());
		// @LoadBalanced RestClient: "sample" resolved from the etcd discovery cache.
		assertThat(getMap("/call/sample")).containsKey("message");
	}

	@Test
	void scheduledReportRunsOnTheElectedLeader() {
		await().atMost(PATIENCE).untilAsserted(() -> {
			Map<String, Object> report = getMap("/report");
			assertThat(report).containsEntry("role", "sample-report").containsEntry("leader", true);
			assertThat(((Number) report.get("runs")).longValue()).isPositive();
		});
		assertThat(this.etcd.getPrefix("/leaders/sample-report/").keyValues())
			.anySatisfy((kv) -> assertThat(kv.value()).startsWith("sample-"));
		Map<String, Object> etcd = getMap("/actuator/etcd");
		assertThat(etcd).extractingByKey("leadership", InstanceOfAssertFactories.MAP)
			.extractingByKey("sample-report", InstanceOfAssertFactories.MAP)
			.containsEntry("leader", true);
		assertThat(etcd).extractingByKey("locks", InstanceOfAssertFactories.MAP).containsEntry("prefix", "/locks");
	}

}
