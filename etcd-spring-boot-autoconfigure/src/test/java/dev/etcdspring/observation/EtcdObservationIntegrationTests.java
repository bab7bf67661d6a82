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

package dev.etcdspring.observation;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdRequestObserver;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every etcd request as a Micrometer observation: a timer per operation and outcome, tags
 * that never hold a key or a value, a replaceable convention, and nothing at all without
 * an {@link ObservationRegistry}.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdObservationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdObservationAutoConfiguration.class));

	@Test
	void everyRequestIsATimerTaggedByOperationAndOutcomeWithoutKeysOrValues(EtcdServer etcd) {
		String key = "/obs-" + UUID.randomUUID();
		this.runner.withUserConfiguration(Observed.class)
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint())
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				client.put(key, "secret-value");
				client.get(key);
				client.get(key);
				client.transaction().put(key, "v2").commit();
				client.getPrefix(key);
				client.revokeLease(client.grantLease(java.time.Duration.ofSeconds(5)).id());
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(timer(meters, "get", "SUCCESS").count()).isEqualTo(2);
				assertThat(timer(meters, "put", "SUCCESS").count()).isEqualTo(1);
				assertThat(timer(meters, "txn", "SUCCESS").count()).isEqualTo(1);
				assertThat(timer(meters, "get-prefix", "SUCCESS").count()).isEqualTo(1);
				assertThat(timer(meters, "lease-grant", "SUCCESS").count()).isEqualTo(1);
				assertThat(timer(meters, "lease-revoke", "SUCCESS").count()).isEqualTo(1);
				List<String> tagValues = meters.getMeters()
					.stream()
					.flatMap((meter) -> meter.getId().getTags().stream())
					.map((tag) -> tag.getValue())
					.toList();
				assertThat(tagValues).noneMatch((value) -> value.contains(key) || value.contains("secret"));
				Recorder recorder = context.getBean(Recorder.class);
				assertThat(recorder.names).contains("etcd get", "etcd put", "etcd txn");
			});
	}

	@Test
	void aFailedRequestIsTaggedWithTheErrorType() {
		this.runner.withUserConfiguration(Observed.class)
			.withPropertyValues("etcd.endpoints=" + EtcdTestClients.unreachableEndpoint(), "etcd.request-timeout=1s")
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				assertThatExceptionOfType(EtcdException.class).isThrownBy(() -> client.get("/x"));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				Timer failed = meters.find(DefaultEtcdRequestObservationConvention.NAME)
					.tag("etcd.operation", "get")
					.tag("outcome", "ERROR")
					.timer();
				assertThat(failed).isNotNull();
				assertThat(failed.getId().getTag("error.type")).endsWith("Exception").isNotEqualTo("none");
			});
	}

	@Test
	void aConventionBeanReplacesTheDefault(EtcdServer etcd) {
		this.runner.withUserConfiguration(Observed.class, CustomConvention.class)
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint())
			.run((context) -> {
				context.getBean(EtcdClient.class).get("/anything");
				assertThat(context.getBean(MeterRegistry.class).find("custom.etcd").timer()).isNotNull();
			});
	}

	@Test
	void backsOffWithoutAnObservationRegistryOrWhenDisabled(EtcdServer etcd) {
		this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoint())
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdRequestObserver.class));
		this.runner.withUserConfiguration(Observed.class)
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.observations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdRequestObserver.class));
	}

	private static Timer timer(MeterRegistry meters, String operation, String outcome) {
		Timer timer = meters.find(DefaultEtcdRequestObservationConvention.NAME)
			.tag("etcd.operation", operation)
			.tag("outcome", outcome)
			.tag("error.type", "none")
			.timer();
		assertThat(timer).as("timer for %s %s", operation, outcome).isNotNull();
		return timer;
	}

	@Configuration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters, Recorder recorder) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			registry.observationConfig().observationHandler(recorder);
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomConvention {

		@Bean
		EtcdRequestObservationConvention customConvention() {
			return new EtcdRequestObservationConvention() {

				@Override
				public String getName() {
					return "custom.etcd";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(EtcdRequestObservationContext context) {
					return KeyValues.of("op", context.getOperation());
				}

			};
		}

	}

	static class Recorder implements ObservationHandler<Observation.Context> {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.names.add(String.valueOf(context.getContextualName()));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
