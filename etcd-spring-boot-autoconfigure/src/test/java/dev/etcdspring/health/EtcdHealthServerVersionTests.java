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

import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.test.EtcdGrpcProxy;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version the health indicator shows is the one the member runs, whichever etcd line
 * the build runs against ({@code ETCD_BINARY}: 3.4 and 3.5 in CI), directly and through
 * the gRPC proxy.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdHealthServerVersionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class));

	@Test
	void showsTheVersionTheMemberRuns(EtcdServer etcd) {
		String version = etcd.serverVersion();
		assertThat(version).matches("3\\.[45]\\.\\d+");
		this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoint()).run((context) -> {
			Health health = context.getBean(EtcdHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("version", version);
		});
	}

	@Test
	void showsTheMembersVersionThroughTheGrpcProxy(EtcdServer etcd) {
		try (EtcdGrpcProxy proxy = EtcdGrpcProxy.startFor(etcd)) {
			this.runner.withPropertyValues("etcd.endpoints=" + proxy.endpoint()).run((context) -> {
				Health health = context.getBean(EtcdHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("version", etcd.serverVersion())
					.containsEntry("endpoints", proxy.endpoints());
				assertThat((Long) health.getDetails().get("revision")).isPositive();
			});
		}
	}

}
