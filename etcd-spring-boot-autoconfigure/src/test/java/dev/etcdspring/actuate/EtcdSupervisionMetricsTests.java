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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link EtcdSupervisionMetrics} and its auto-configuration.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdSupervisionMetricsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdSupervisionMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void registersOneGaugePerStateAndTheOverflowGaugeWithoutPerPartTags() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdSupervisionMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("etcd.supervised").gauges()).hasSize(4)
				.allSatisfy((gauge) -> assertThat(gauge.value()).isZero())
				.map((gauge) -> gauge.getId().getTags())
				.containsExactlyInAnyOrder(List.of(Tag.of("state", "starting")), List.of(Tag.of("state", "active")),
						List.of(Tag.of("state", "retrying")), List.of(Tag.of("state", "denied")));
			Meter overflows = meters.get("etcd.delivery.overflows").gauge();
			assertThat(overflows.getId().getTags()).isEmpty();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdSupervisionMetrics.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdClientAutoConfiguration.class,
					EtcdSupervisionMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdSupervisionMetrics.class));
	}

	@Test
	void backsOffWithoutEtcdClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdSupervisionMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdSupervisionMetrics.class));
	}

	@Test
	void backsOffForUserBinder() {
		EtcdSupervisionMetrics own = new EtcdSupervisionMetrics(mock(EtcdClient.class));
		this.runner.withBean(EtcdSupervisionMetrics.class, () -> own)
			.run((context) -> assertThat(context.getBean(EtcdSupervisionMetrics.class)).isSameAs(own));
	}

	@Test
	void overflowsGaugeCountsSlowListenerOverflows(EtcdServer etcd) {
		String prefix = "/overflow-metrics/" + UUID.randomUUID() + "/";
		this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.delivery.max-pending-events=10")
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				CountDownLatch release = new CountDownLatch(1);
				try (EtcdWatchSubscription watch = client.watch(EtcdWatchOptions.prefix(prefix), (event) -> {
					try {
						release.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				})) {
					try {
						assertThat(meters.get("etcd.delivery.overflows").gauge().value()).isZero();
						for (int i = 0; i < 100; i++) {
							client.put(prefix + "k", String.valueOf(i));
						}
						await().atMost(Duration.ofSeconds(30))
							.until(() -> meters.get("etcd.delivery.overflows").gauge().value() > 0);
						assertThat(watch.status().overflows()).isPositive();
					}
					finally {
						release.countDown();
					}
				}
			});
	}

}
