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

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.discovery.EtcdDiscoveryClientAutoConfiguration;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Validation of {@code etcd.registration.ttl}: values etcd cannot grant as they are fail
 * startup with a failure analysis naming the property and the allowed range, never the
 * value.
 *
 * @author etcd-spring-boot-starter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdRegistrationTtlValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdDiscoveryClientAutoConfiguration.class,
						EtcdServiceRegistryAutoConfiguration.class, UtilAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=http://127.0.0.1:1", "etcd.request-timeout=200ms",
				"etcd.discovery.enabled=false");

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			0       | it is zero or negative
			0s      | it is zero or negative
			-1s     | it is zero or negative
			1ms     | it is shorter than one second
			999ms   | it is shorter than one second
			1500ms  | it has a fraction of a second, which etcd cannot grant
			2001ms  | it has a fraction of a second, which etcd cannot grant
			9000000001s | it is longer than etcd's maximum lease TTL
			""")
	void invalidTtlFailsStartupNamingThePropertyAndTheAllowedRange(String ttl, String problem) {
		this.runner.withPropertyValues("etcd.registration.ttl=" + ttl).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new EtcdRegistrationPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.isEqualTo("Invalid value of property 'etcd.registration.ttl': " + problem + ".");
			assertThat(analysis.getAction())
				.startsWith("Set etcd.registration.ttl to a whole number of seconds from 1s to 9000000000s")
				.contains("minimum lease TTL");
			assertThat(analysis.getCause()).isInstanceOf(IllegalArgumentException.class);
			String digits = ttl.replaceAll("[^0-9]", "");
			if (!digits.equals("0") && !digits.equals("1")) {
				assertThat(analysis.getDescription()).doesNotContain(digits);
			}
		});
	}

	@ParameterizedTest
	@CsvSource({ "1s, PT1S", "1000ms, PT1S", "2, PT2S", "10s, PT10S", "1m, PT1M", "9000000000s, PT2500000H" })
	void wholeSecondsAreAccepted(String ttl, Duration expected) {
		this.runner.withPropertyValues("etcd.registration.ttl=" + ttl)
			.run((context) -> assertThat(context.getBean(EtcdServiceRegistry.class).getTtl()).isEqualTo(expected));
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 500, 1001 })
	void registryBuiltByHandRejectsTheSameValues(long millis) {
		try (DefaultEtcdClient client = EtcdTestClients.create(EtcdTestClients.unreachableEndpoint())) {
			assertThatException().isThrownBy(() -> new EtcdServiceRegistry(client, Duration.ofMillis(millis), null))
				.isInstanceOf(IllegalArgumentException.class)
				.withMessageStartingWith("Invalid etcd.registration.ttl: ");
		}
	}

	@Test
	void applicationReportsTheFailureAnalysis(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> TestApps.start("http://127.0.0.1:1", "/services", "invalid-ttl", "etcd.registration.ttl=1500ms"))
			.havingRootCause()
			.isInstanceOf(EtcdRegistrationPropertyException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value of property 'etcd.registration.ttl': it has a fraction of a second, which etcd"
					+ " cannot grant.")
			.contains("Set etcd.registration.ttl to a whole number of seconds from 1s to 9000000000s");
	}

}
