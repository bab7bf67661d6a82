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

package dev.etcdspring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.watch.EtcdWatch;
import dev.etcdspring.watch.EtcdWatchAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The {@code etcd} actuator endpoint and the {@code @EtcdWatch} metrics.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdWatchAutoConfiguration.class,
				EtcdEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=etcd");

	@Test
	void backsOffUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdEndpoint.class));
		this.runner.withPropertyValues("management.endpoint.etcd.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdEndpoint.class));
	}

	@Test
	void showsEndpointsAndEveryReporterSectionWithoutSecrets() {
		EtcdClient client = mock(EtcdClient.class);
		given(client.endpoints()).willReturn(List.of("http://root:s3cret@etcd-1:2379", "http://etcd-2:2379"));
		given(client.requestTimeout()).willReturn(Duration.ofSeconds(5));
		this.runner.withBean(EtcdClient.class, () -> client)
			.withPropertyValues("etcd.username=root", "etcd.password=s3cret")
			.withBean("registrationReporter", EtcdStateReporter.class,
					() -> reporter("registration", Map.of("key", "/services/sample/sample-1", "state", "REGISTERED")))
			.withBean("brokenReporter", EtcdStateReporter.class, () -> new EtcdStateReporter() {

				@Override
				public String section() {
					return "broken";
				}

				@Override
				public Object report() {
					throw new IllegalStateException("not ready");
				}

			})
			.run((context) -> {
				Map<String, Object> state = context.getBean(EtcdEndpoint.class).etcd();
				assertThat(state).containsEntry("endpoints", List.of("http://etcd-1:2379", "http://etcd-2:2379"))
					.containsEntry("requestTimeout", "PT5S")
					.containsEntry("registration", Map.of("key", "/services/sample/sample-1", "state", "REGISTERED"))
					.containsEntry("broken", Map.of("error", "not ready"))
					.containsEntry("watches", List.of());
				String json = JsonMapper.builder().build().writeValueAsString(state);
				assertThat(json).doesNotContain("s3cret").doesNotContain("root");
			});
	}

	@Test
	void watchesSectionAndMetricsFollowDeliveries(EtcdServer server) {
		String key = "/endpoint-tests/" + UUID.randomUUID();
		this.runner.withPropertyValues("etcd.endpoints=" + server.endpoint(), "test.key=" + key)
			.withBean(Watcher.class)
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("etcd.watch.method.events").tag("key", key).functionCounter().count()).isZero();
				client.put(key, "ok");
				long revision = client.put(key, "fail");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(meters.get("etcd.watch.method.failures")
						.tag("method", "Watcher.onChange")
						.functionCounter()
						.count()).isEqualTo(1));
				assertThat(meters.get("etcd.watch.method.events").tag("key", key).functionCounter().count())
					.isEqualTo(2);
				assertThat(meters.get("etcd.watch.method.revision").tag("key", key).gauge().value())
					.isEqualTo(revision);
				Map<String, Object> state = context.getBean(EtcdEndpoint.class).etcd();
				assertThat(state).containsEntry("endpoints", List.of(server.endpoint()));
				assertThat(state.get("watches")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
					.singleElement()
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsAllEntriesOf(Map.of("method", "Watcher.onChange", "key", key, "prefix", false, "active",
							true, "lastRevision", revision, "eventsDelivered", 2L, "failures", 1L, "compactions", 0L))
					.containsEntry("state", "ACTIVE")
					.extractingByKey("watch")
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsEntry("state", "ACTIVE")
					.containsEntry("lastRevision", revision)
					.containsEntry("consecutiveFailures", 0);
				List<?> supervised = (List<?>) state.get("supervised");
				assertThat(supervised.stream().map((status) -> (Object) ((Map<?, ?>) status).get("name")).toList())
					.contains("@EtcdWatch Watcher.onChange (watch on key '" + key + "')");
			});
	}

	@Test
	void metricsFollowARefreshScopedWatcherAcrossRefreshes(EtcdServer server) {
		String key = "/endpoint-tests/" + UUID.randomUUID();
		this.runner.withConfiguration(AutoConfigurations.of(RefreshAutoConfiguration.class))
			.withPropertyValues("etcd.endpoints=" + server.endpoint(), "test.key=" + key)
			.withUserConfiguration(RefreshScopedWatcherConfiguration.class)
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				Watcher watcher = context.getBean(Watcher.class);
				watcher.toString(); // create the scoped instance: its watch starts
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(
							() -> assertThat(meters.find("etcd.watch.method.events").tag("key", key).functionCounters())
								.hasSize(1));
				client.put(key, "first");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> meters.get("etcd.watch.method.events").tag("key", key).functionCounter().count() == 1);

				context.getBean(org.springframework.cloud.context.scope.refresh.RefreshScope.class).refreshAll();
				watcher.toString(); // a new instance, with a new watch and new meters
				await().atMost(Duration.ofSeconds(30))
					.until(() -> context.getBean(EtcdEndpoint.class).etcd().get("watches") instanceof List<?> watches
							&& watches.size() == 1);
				client.put(key, "second");
				client.put(key, "third");

				// Meters read the live instance's method: two events since the refresh.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> meters.get("etcd.watch.method.events").tag("key", key).functionCounter().count() == 2);
				assertThat(meters.find("etcd.watch.method.events").tag("key", key).functionCounters()).hasSize(1);
			});
	}

	private static EtcdStateReporter reporter(String section, Object report) {
		return new EtcdStateReporter() {

			@Override
			public String section() {
				return section;
			}

			@Override
			public Object report() {
				return report;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class RefreshScopedWatcherConfiguration {

		@Bean
		@RefreshScope
		Watcher watcher() {
			return new Watcher();
		}

	}

	static class Watcher {

		@EtcdWatch("${test.key}")
		void onChange(String value) {
			if (value.equals("fail")) {
				throw new IllegalArgumentException("failing on purpose");
			}
		}

	}

}
