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
package dev.etcdspring.client;

import java.util.List;
import java.util.UUID;

import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's own properties: values etcd or jetcd would reject or silently change fail
 * startup with a failure analysis naming the property and the allowed range, never the
 * value; and a namespace is applied without doubled slashes.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdClientAutoConfiguration.class));

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			etcd.request-timeout=0         | etcd.request-timeout         | a positive duration
			etcd.request-timeout=-1s       | etcd.request-timeout         | a positive duration
			etcd.connect-timeout=0s        | etcd.connect-timeout         | a positive duration
			etcd.keep-alive-time=2s        | etcd.keep-alive-time         | at least 10s
			etcd.max-inbound-message-size=1B | etcd.max-inbound-message-size | between 1KB and 2GB
			etcd.retry.initial-interval=0  | etcd.retry.initial-interval  | a positive duration
			etcd.retry.multiplier=0.5      | etcd.retry.multiplier        | 1.0 or more
			etcd.retry.max-interval=10ms   | etcd.retry.max-interval      | at least etcd.retry.initial-interval
			etcd.delivery.threads=0        | etcd.delivery.threads        | between 1 and 1024
			etcd.delivery.max-pending-events=0 | etcd.delivery.max-pending-events | 1 or more
			""")
	void invalidValueFailsStartupNamingThePropertyAndTheRange(String property, String name, String allowed) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			EtcdPropertyException cause = findCause(failure);
			assertThat(cause.getProperty()).isEqualTo(name);
			assertThat(cause.getAllowed()).startsWith(allowed);
			FailureAnalysis analysis = new EtcdPropertyFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'" + name + "'").contains(allowed);
			String value = property.substring(property.indexOf('=') + 1);
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("=" + value)
				.doesNotContain("'" + value + "'");
		});
	}

	@Test
	void defaultsAreValid() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(EtcdClient.class));
	}

	@ParameterizedTest
	@CsvSource({ "/t1/", "/t1", "/t1//" })
	void namespaceWithOrWithoutTrailingSlashPutsKeysUnderOnePrefix(String namespace, EtcdServer etcd) {
		String id = UUID.randomUUID().toString();
		this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.namespace=" + namespace)
			.run((context) -> {
				context.getBean(EtcdClient.class).put("/config/" + id, "v");
				try (DefaultEtcdClient raw = EtcdTestClients.create(etcd.endpoint())) {
					assertThat(raw.get("/t1/config/" + id)).isPresent();
					assertThat(raw.getPrefix("/t1//").keyValues()).isEmpty();
					raw.delete("/t1/config/" + id);
				}
			});
	}

	@Test
	void normalizeNamespace() {
		assertThat(EtcdClientFactory.normalizeNamespace("/t1/")).isEqualTo("/t1");
		assertThat(EtcdClientFactory.normalizeNamespace(" /t1 ")).isEqualTo("/t1");
		assertThat(EtcdClientFactory.normalizeNamespace("/")).isNull();
		assertThat(EtcdClientFactory.normalizeNamespace("")).isNull();
		assertThat(EtcdClientFactory.normalizeNamespace(null)).isNull();
		assertThat(List.of("/a/b/")).extracting(EtcdClientFactory::normalizeNamespace).containsExactly("/a/b");
	}

	private static EtcdPropertyException findCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof EtcdPropertyException property) {
				return property;
			}
		}
		throw new AssertionError("No EtcdPropertyException in " + failure);
	}

}
