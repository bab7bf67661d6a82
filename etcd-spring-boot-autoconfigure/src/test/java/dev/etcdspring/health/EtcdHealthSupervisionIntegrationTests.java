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

package dev.etcdspring.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.etcdspring.actuate.EtcdSupervisionMetricsAutoConfiguration;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdKeepAliveListener;
import dev.etcdspring.client.EtcdLease;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.watch.EtcdWatch;
import dev.etcdspring.watch.EtcdWatchAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code etcd} health details and the {@code etcd.supervised} meters follow the
 * client's supervised parts against a real etcd: all active, refused by etcd, recovered,
 * and retrying while etcd is down.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdHealthSupervisionIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdClientAutoConfiguration.class,
				EtcdHealthContributorAutoConfiguration.class, EtcdSupervisionMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("etcd.request-timeout=2s");

	@Test
	void healthyApplicationShowsEveryPartActive(EtcdServer etcd) {
		String key = "/health-supervision/" + UUID.randomUUID();
		this.runner.withConfiguration(AutoConfigurations.of(EtcdWatchAutoConfiguration.class))
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "test.key=" + key)
			.withBean(Watcher.class)
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				EtcdLease lease = client.grantLease(Duration.ofSeconds(10));
				client.keepAlive(lease.id(), keepAliveListener());
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(WAIT).until(() -> gauge(meters, "active") == 2);
				Health health = context.getBean(EtcdHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("supervised", counts(0, 2, 0, 0))
					.containsEntry("degraded", List.of());
				assertThat(gauge(meters, "starting") + gauge(meters, "retrying") + gauge(meters, "denied")).isZero();
				assertThat(meters.get("etcd.delivery.overflows").gauge().value()).isZero();
			});
	}

	@Test
	void watchRefusedByEtcdIsDegradedWhileHealthStaysUpAndRecoversOnceGranted() {
		try (EtcdServer etcd = EtcdServer.builder().start()) {
			etcd.enableAuth("rootpw");
			etcd.addUserWithoutPermissions("reader", "reader-pw");
			etcd.grant("reader", "/config/orders/", false);
			this.runner
				.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.username=reader",
						"etcd.password=reader-pw", "etcd.retry.denied-interval=500ms")
				.run((context) -> {
					EtcdClient client = context.getBean(EtcdClient.class);
					EtcdHealthIndicator indicator = context.getBean(EtcdHealthIndicator.class);
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					client.watch(EtcdWatchOptions.prefix("/config/").fromRevision(1).describedAs("shared config"),
							(event) -> {
							});
					await().atMost(WAIT).until(() -> gauge(meters, "denied") == 1);

					Health health = indicator.health();
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("supervised", counts(0, 0, 0, 1));
					assertThat(health.getDetails().get("degraded")).asInstanceOf(InstanceOfAssertFactories.LIST)
						.singleElement()
						.asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
						.containsOnlyKeys("name", "state", "since", "consecutiveFailures", "lastError")
						.containsEntry("name", "shared config (watch on prefix '/config/')")
						.containsEntry("state", "DENIED")
						.hasEntrySatisfying("since",
								(since) -> assertThat(Instant.parse((String) since)).isBeforeOrEqualTo(Instant.now()))
						.hasEntrySatisfying("consecutiveFailures",
								(failures) -> assertThat((Integer) failures).isPositive())
						.hasEntrySatisfying("lastError",
								(error) -> assertThat((String) error).contains("permission denied")
									.contains("'reader'")
									.contains("'/config/'"));
					assertThat(health.toString()).doesNotContain("reader-pw");
					assertThat(gauge(meters, "active")).isZero();

					etcd.grant("reader", "/config/", false);
					await().atMost(WAIT).until(() -> gauge(meters, "active") == 1);
					assertThat(gauge(meters, "denied")).isZero();
					Health recovered = indicator.health();
					assertThat(recovered.getStatus()).isEqualTo(Status.UP);
					assertThat(recovered.getDetails()).containsEntry("supervised", counts(0, 1, 0, 0))
						.containsEntry("degraded", List.of());
				});
		}
	}

	@Test
	void etcdStoppedIsDownWithItsWatchesRetrying() {
		try (EtcdServer etcd = EtcdServer.builder().start()) {
			this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.request-timeout=1s")
				.run((context) -> {
					EtcdClient client = context.getBean(EtcdClient.class);
					EtcdHealthIndicator indicator = context.getBean(EtcdHealthIndicator.class);
					MeterRegistry meters = context.getBean(MeterRegistry.class);
					client.watch(EtcdWatchOptions.prefix("/stopped/").describedAs("stopped test"), (event) -> {
					});
					await().atMost(WAIT).until(() -> gauge(meters, "active") == 1);
					assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

					etcd.stop();
					await().atMost(WAIT).until(() -> gauge(meters, "retrying") == 1);
					Health health = indicator.health();
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(health.getDetails()).containsKey("error")
						.containsEntry("supervised", counts(0, 0, 1, 0));
					assertThat(health.getDetails().get("degraded")).asInstanceOf(InstanceOfAssertFactories.LIST)
						.singleElement()
						.asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
						.containsEntry("name", "stopped test (watch on prefix '/stopped/')")
						.containsEntry("state", "RETRYING")
						.containsKey("lastError");
				});
		}
	}

	private static Map<String, Integer> counts(int starting, int active, int retrying, int denied) {
		return Map.of("starting", starting, "active", active, "retrying", retrying, "denied", denied);
	}

	private static double gauge(MeterRegistry meters, String state) {
		return meters.get("etcd.supervised").tag("state", state).gauge().value();
	}

	private static EtcdKeepAliveListener keepAliveListener() {
		return (leaseId, ttl) -> {
		};
	}

	static class Watcher {

		@EtcdWatch("${test.key}")
		void onChange(String value) {
		}

	}

}
