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

package dev.etcdspring.lock;

import java.time.Duration;
import java.util.Map;

import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdPropertyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Tests for {@link EtcdLockAutoConfiguration}: conditions, back-off and property binding,
 * without an etcd server (the client connects lazily).
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdLockAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdLockAutoConfiguration.class,
				EtcdLockMetricsAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=http://127.0.0.1:1", "etcd.request-timeout=200ms");

	@Test
	void providesTheRegistryItsReporterAndMetricsByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdLockRegistry.class)
				.hasSingleBean(LockRegistry.class)
				.hasSingleBean(EtcdLockStateReporter.class)
				.hasSingleBean(EtcdLockMetrics.class);
			EtcdLockRegistry registry = context.getBean(EtcdLockRegistry.class);
			assertThat(registry.getPrefix()).isEqualTo("/locks");
			assertThat(registry.getTtl()).isEqualTo(Duration.ofSeconds(10));
			assertThat(context.getBean(EtcdLockStateReporter.class).section()).isEqualTo("locks");
		});
	}

	@Test
	void bindsThePrefixAndTheTimeToLive() {
		this.runner.withPropertyValues("etcd.lock.prefix=/mutexes/", "etcd.lock.ttl=3s").run((context) -> {
			EtcdLockRegistry registry = context.getBean(EtcdLockRegistry.class);
			assertThat(registry.getPrefix()).isEqualTo("/mutexes");
			assertThat(registry.getTtl()).isEqualTo(Duration.ofSeconds(3));
			assertThat(context.getBean(EtcdLockProperties.class).isEnabled()).isTrue();
		});
	}

	@Test
	void reporterShowsThePrefixTtlAndNoHeldLockBeforeAnyIsTaken() {
		this.runner.run((context) -> assertThat(context.getBean(EtcdLockStateReporter.class).report()).asInstanceOf(MAP)
			.containsEntry("prefix", "/locks")
			.containsEntry("ttl", "PT10S")
			.containsEntry("held", java.util.List.of())
			.containsEntry("lostLocks", 0L)
			.containsEntry("lostLeases", 0L));
	}

	@Test
	void ttlEtcdCannotGrantFailsStartupNamingTheProperty() {
		for (String ttl : new String[] { "0s", "500ms", "1500ms" }) {
			this.runner.withPropertyValues("etcd.lock.ttl=" + ttl).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(EtcdPropertyException.class)
					.hasMessageContaining("etcd.lock.ttl")
					.hasMessageNotContaining(ttl);
			});
		}
	}

	@Test
	void backsOffWithoutSpringIntegration() {
		this.runner.withClassLoader(new FilteredClassLoader(LockRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdLockRegistry.class)
				.doesNotHaveBean(EtcdLockStateReporter.class)
				.doesNotHaveBean(EtcdLockProperties.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("etcd.lock.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdLockRegistry.class)
				.doesNotHaveBean(EtcdLockStateReporter.class));
	}

	@Test
	void backsOffWithoutAnEtcdClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EtcdLockAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdLockRegistry.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesALockRegistry() {
		this.runner.withUserConfiguration(OwnLockRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(LockRegistry.class)
				.doesNotHaveBean(EtcdLockRegistry.class)
				.doesNotHaveBean(EtcdLockStateReporter.class)
				.doesNotHaveBean(EtcdLockMetrics.class);
			assertThat(context.getBean(LockRegistry.class)).isInstanceOf(DefaultLockRegistry.class);
		});
	}

	@Test
	void reportsAndMeasuresAnEtcdLockRegistryTheApplicationDefines() {
		this.runner.withUserConfiguration(OwnEtcdLockRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdLockRegistry.class)
				.hasSingleBean(EtcdLockStateReporter.class)
				.hasSingleBean(EtcdLockMetrics.class);
			assertThat(context.getBean(EtcdLockRegistry.class).getPrefix()).isEqualTo("/own");
		});
	}

	@Test
	void metricsAreBound() {
		this.runner.run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(EtcdLockMetrics.class).bindTo(meters);
			assertThat(meters.get("etcd.lock.held").gauge().value()).isZero();
			assertThat(meters.get("etcd.lock.lost").functionCounter().count()).isZero();
			assertThat(meters.get("etcd.lock.lease.lost").counter().count()).isZero();
			assertThat(meters.get("etcd.lock.wait").tags("outcome", "acquired").timer().count()).isZero();
			assertThat(Map.of("outcomes", meters.find("etcd.lock.wait").timers().size())).containsEntry("outcomes", 3);
		});
	}

	@Test
	void backsOffMetricsWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasSingleBean(EtcdLockRegistry.class)
				.doesNotHaveBean(EtcdLockMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLockRegistry {

		@Bean
		DefaultLockRegistry ownLockRegistry() {
			return new DefaultLockRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEtcdLockRegistry {

		@Bean
		EtcdLockRegistry ownEtcdLockRegistry(dev.etcdspring.client.EtcdClient client) {
			return new EtcdLockRegistry(client, "/own", Duration.ofSeconds(5));
		}

	}

}
