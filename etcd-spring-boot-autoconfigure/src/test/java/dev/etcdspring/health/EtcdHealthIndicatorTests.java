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
import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EtcdHealthIndicator} and its auto-configuration.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdHealthIndicatorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class));

	@Test
	void upWithClusterDetails(EtcdServer etcd) {
		this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoint()).run((context) -> {
			Health health = context.getBean(EtcdHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("clusterId", "members", "leader", "revision", "version")
				.containsEntry("endpoints", List.of(etcd.endpoint()));
			assertThat((Long) health.getDetails().get("revision")).isPositive();
			assertThat((String) health.getDetails().get("version")).startsWith("3.");
		});
	}

	@Test
	void downWithReasonWhenUnreachable() {
		String endpoint = EtcdTestClients.unreachableEndpoint();
		this.runner
			.withPropertyValues("etcd.endpoints=" + endpoint, "etcd.request-timeout=1s", "etcd.password=hidden-pw")
			.run((context) -> {
				long start = System.nanoTime();
				Health health = context.getBean(EtcdHealthIndicator.class).health();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("error").toString()).contains(endpoint);
				assertThat(health.toString()).doesNotContain("hidden-pw");
			});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("management.health.etcd.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdHealthIndicator.class));
	}

	@Test
	void backsOffWithoutHealthSupport() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdHealthIndicator.class));
	}

	@Test
	void backsOffWithoutEtcdClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdHealthIndicator.class));
	}

	@Test
	void backsOffForUserIndicator() {
		this.runner
			.withBean("etcdHealthIndicator", EtcdHealthIndicator.class,
					() -> new EtcdHealthIndicator(org.mockito.Mockito.mock(EtcdClient.class)))
			.run((context) -> assertThat(context).hasSingleBean(EtcdHealthIndicator.class));
	}

}
