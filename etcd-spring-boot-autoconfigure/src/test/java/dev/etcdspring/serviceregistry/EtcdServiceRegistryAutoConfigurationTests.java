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

package dev.etcdspring.serviceregistry;

import java.time.Duration;
import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.discovery.EtcdDiscoveryClientAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Tests for {@link EtcdServiceRegistryAutoConfiguration}: conditions, back-off and
 * property binding, without an etcd server.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdServiceRegistryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdDiscoveryClientAutoConfiguration.class,
						EtcdServiceRegistryAutoConfiguration.class, UtilAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=http://127.0.0.1:1", "etcd.request-timeout=200ms",
				"etcd.discovery.enabled=false");

	@Test
	void providesTheRegistryTheRegistrationAndAutoRegistrationByDefault() {
		this.runner.withPropertyValues("spring.application.name=orders", "etcd.registration.host=10.0.0.5")
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdServiceRegistry.class)
					.hasSingleBean(ServiceRegistry.class)
					.hasSingleBean(EtcdRegistration.class)
					.hasSingleBean(EtcdAutoServiceRegistration.class)
					.hasSingleBean(EtcdRegistrationStateReporter.class)
					.hasSingleBean(EtcdRegistrationMetrics.class);
				EtcdRegistration registration = context.getBean(EtcdRegistration.class);
				assertThat(registration.getServiceId()).isEqualTo("orders");
				assertThat(registration.getPort()).isZero();
				registration.setPort(8080);
				assertThat(registration.getInstanceId()).isEqualTo("orders-10.0.0.5-8080");
				assertThat(registration.getKey()).isEqualTo("/services/orders/orders-10.0.0.5-8080");
				assertThat(registration.isSecure()).isFalse();
				assertThat(registration.getMetadata()).isEmpty();
				assertThat(registration.getStatus()).isEqualTo("UP");
				assertThat(context.getBean(EtcdServiceRegistry.class).getTtl()).isEqualTo(Duration.ofSeconds(10));
				assertThat(context.getBean(EtcdAutoServiceRegistration.class).getPhase()).isGreaterThan(
						org.springframework.boot.web.server.context.WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
			});
	}

	@Test
	void bindsEveryRegistrationProperty() {
		this.runner
			.withPropertyValues("etcd.registration.service-name=billing", "etcd.registration.instance-id=billing-a",
					"etcd.registration.host=billing.internal", "etcd.registration.port=9443",
					"etcd.registration.secure=true", "etcd.registration.metadata.zone=eu-1", "etcd.registration.ttl=3s",
					"etcd.discovery.prefix=/apps")
			.run((context) -> {
				EtcdRegistrationProperties properties = context.getBean(EtcdRegistrationProperties.class);
				assertThat(properties.isEnabled()).isTrue();
				assertThat(properties.isPreferIpAddress()).isFalse();
				EtcdRegistration registration = context.getBean(EtcdRegistration.class);
				assertThat(registration.getServiceId()).isEqualTo("billing");
				assertThat(registration.getInstanceId()).isEqualTo("billing-a");
				assertThat(registration.getHost()).isEqualTo("billing.internal");
				assertThat(registration.getPort()).isEqualTo(9443);
				assertThat(registration.isSecure()).isTrue();
				assertThat(registration.getUri()).hasToString("https://billing.internal:9443");
				assertThat(registration.getMetadata()).containsExactly(Map.entry("zone", "eu-1"));
				assertThat(registration.getKey()).isEqualTo("/apps/billing/billing-a");
				assertThat(context.getBean(EtcdServiceRegistry.class).getTtl()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void detectsTheHostWithInetUtils() {
		this.runner.withPropertyValues("etcd.registration.prefer-ip-address=true").run((context) -> {
			EtcdRegistration registration = context.getBean(EtcdRegistration.class);
			assertThat(registration.getHost()).isNotBlank();
			assertThat(registration.getServiceId()).isEqualTo("application");
		});
	}

	@Test
	void backsOffWhenRegistrationIsDisabled() {
		this.runner.withPropertyValues("etcd.registration.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdServiceRegistry.class)
				.doesNotHaveBean(EtcdRegistration.class)
				.doesNotHaveBean(EtcdAutoServiceRegistration.class));
	}

	@Test
	void backsOffWhenTheServiceRegistryIsDisabled() {
		this.runner.withPropertyValues("spring.cloud.service-registry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdServiceRegistry.class)
				.doesNotHaveBean(EtcdAutoServiceRegistration.class));
	}

	@Test
	void keepsTheRegistryWithoutAutoRegistration() {
		this.runner.withPropertyValues("spring.cloud.service-registry.auto-registration.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdServiceRegistry.class)
					.doesNotHaveBean(EtcdRegistration.class)
					.doesNotHaveBean(EtcdAutoServiceRegistration.class);
				assertThat(context.getBean(EtcdRegistrationStateReporter.class).report()).asInstanceOf(MAP)
					.doesNotContainKey("key")
					.containsEntry("regrants", 0L);
			});
	}

	@Test
	void needsAnEtcdClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdServiceRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdServiceRegistry.class));
	}

	@Test
	void leavesMetricsOutWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(EtcdServiceRegistry.class)
				.doesNotHaveBean(EtcdRegistrationMetrics.class));
	}

	@Test
	void backsOffForUserDefinedBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdServiceRegistry.class).hasSingleBean(EtcdRegistration.class);
			assertThat(context.getBean(EtcdRegistration.class).getServiceId()).isEqualTo("mine");
			assertThat(context.getBean(EtcdServiceRegistry.class).getTtl()).isEqualTo(Duration.ofSeconds(42));
		});
	}

	@Test
	void reportsAndMeasuresTheRegistration() {
		this.runner.withPropertyValues("etcd.registration.port=8080", "etcd.registration.host=h").run((context) -> {
			EtcdRegistrationStateReporter reporter = context.getBean(EtcdRegistrationStateReporter.class);
			assertThat(reporter.section()).isEqualTo("registration");
			assertThat(reporter.report()).asInstanceOf(MAP)
				.containsEntry("key", "/services/application/application-h-8080")
				.containsEntry("state", "UNREGISTERED")
				.containsEntry("leaseId", null)
				.containsEntry("remainingTtl", null);
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(EtcdRegistrationMetrics.class).bindTo(meters);
			assertThat(meters.get("etcd.registration.state").gauge().value()).isZero();
			assertThat(meters.get("etcd.lease.regrants").functionCounter().count()).isZero();
			assertThat(meters.get("etcd.lease.keepalive.failures").functionCounter().count()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		EtcdServiceRegistry myRegistry(EtcdClient client) {
			return new EtcdServiceRegistry(client, Duration.ofSeconds(42), null);
		}

		@Bean
		EtcdRegistration myRegistration() {
			return new EtcdRegistration("/services", "mine", null, "h", 1, false, Map.of());
		}

	}

}
