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

package dev.etcdspring.config.refresh;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.config.EtcdConfigState;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Conditions and back-off of {@link EtcdConfigRefreshAutoConfiguration}.
 */
class EtcdConfigRefreshAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(RefreshAutoConfiguration.class, ConfigurationPropertiesRebinderAutoConfiguration.class,
				EtcdClientAutoConfiguration.class, EtcdConfigRefreshAutoConfiguration.class));

	@Test
	void nothingWithoutAnEtcdImport() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(EtcdConfigWatcher.class)
			.doesNotHaveBean(EtcdConfigStateReporter.class));
	}

	@Test
	void watchesWhenConfigurationWasImported() {
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.run((context) -> assertThat(context).hasSingleBean(EtcdConfigWatcher.class)
				.hasSingleBean(EtcdConfigApplier.class)
				.hasSingleBean(EtcdConfigStateReporter.class));
	}

	@Test
	void watchSwitchedOffByEtcdProperty() {
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.withPropertyValues("etcd.config.watch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdConfigWatcher.class)
				.hasSingleBean(EtcdConfigStateReporter.class));
	}

	@Test
	void watchSwitchedOffBySpringCloudRefreshProperty() {
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.withPropertyValues("spring.cloud.refresh.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdConfigWatcher.class));
	}

	@Test
	void clientAutoConfigurationBacksOffForThePromotedClient() {
		EtcdClient promoted = mock(EtcdClient.class);
		Client jetcd = mock(Client.class);
		this.runner.withBean("etcdClient", EtcdClient.class, () -> promoted)
			.withBean("etcdJetcdClient", Client.class, () -> jetcd)
			.run((context) -> {
				assertThat(context).getBean(EtcdClient.class).isSameAs(promoted);
				assertThat(context).getBean(Client.class).isSameAs(jetcd);
			});
	}

}
