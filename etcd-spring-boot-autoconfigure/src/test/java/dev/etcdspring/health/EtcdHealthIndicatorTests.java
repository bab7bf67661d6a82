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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdClusterStatus;
import dev.etcdspring.client.EtcdSupervisedState;
import dev.etcdspring.client.EtcdSupervisedStatus;
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
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

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
	void partStartingForLongerThanTheRequestTimeoutIsDegraded() {
		Instant now = Instant.parse("2026-01-01T12:00:00Z");
		EtcdClient client = mock(EtcdClient.class);
		given(client.endpoints()).willReturn(List.of("http://etcd:2379"));
		given(client.requestTimeout()).willReturn(Duration.ofSeconds(5));
		given(client.status()).willReturn(new EtcdClusterStatus("c1", "m1", "m1", "3.4.23", 42, 2, List.of("etcd-1")));
		EtcdSupervisedStatus justCreated = new EtcdSupervisedStatus("watch on key 'a'", EtcdSupervisedState.STARTING,
				now.minusSeconds(1), 0, null, 41, 0);
		EtcdSupervisedStatus stuck = new EtcdSupervisedStatus("watch on key 'b'", EtcdSupervisedState.STARTING,
				now.minusSeconds(6), 0, null, 41, 0);
		EtcdSupervisedStatus active = new EtcdSupervisedStatus("watch on key 'c'", EtcdSupervisedState.ACTIVE,
				now.minusSeconds(60), 0, null, 42, 0);
		given(client.supervised()).willReturn(List.of(justCreated, stuck, active));
		Health health = new EtcdHealthIndicator(client, Clock.fixed(now, ZoneOffset.UTC)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails())
			.containsEntry("supervised", Map.of("starting", 2, "active", 1, "retrying", 0, "denied", 0))
			.containsEntry("degraded", List.of(Map.of("name", "watch on key 'b'", "state", "STARTING", "since",
					"2026-01-01T11:59:54Z", "consecutiveFailures", 0)));
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
