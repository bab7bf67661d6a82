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

import dev.etcdspring.config.EtcdConfigState;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.logging.LoggingRebinder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link EtcdConfigLoggingAutoConfiguration}.
 */
class EtcdConfigLoggingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(RefreshAutoConfiguration.class, EtcdConfigLoggingAutoConfiguration.class));

	@Test
	void springCloudsRebinderWithoutAnEtcdImport() {
		this.runner.run((context) -> assertThat(context).getBean(LoggingRebinder.class)
			.isExactlyInstanceOf(LoggingRebinder.class));
	}

	@Test
	void replacesSpringCloudsRebinderWhenConfigurationWasImported() {
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.run((context) -> assertThat(context).getBean(LoggingRebinder.class)
				.isExactlyInstanceOf(EtcdConfigLoggingRebinder.class));
	}

	@Test
	void springCloudsRebinderWhenChangesAreNotWatched() {
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.withPropertyValues("etcd.config.watch.enabled=false")
			.run((context) -> assertThat(context).getBean(LoggingRebinder.class)
				.isExactlyInstanceOf(LoggingRebinder.class));
	}

	@Test
	void noRebinderWhenSpringCloudsRefreshIsOff() {
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.withPropertyValues("spring.cloud.refresh.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LoggingRebinder.class));
	}

	@Test
	void rebinderWhileProcessedAheadOfTime() {
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.withPropertyValues("spring.cloud.refresh.enabled=false", "spring.aot.processing=true")
			.run((context) -> assertThat(context).getBean(LoggingRebinder.class)
				.isExactlyInstanceOf(EtcdConfigLoggingRebinder.class));
	}

	@Test
	void backsOffForTheApplicationsOwnRebinder() {
		LoggingRebinder own = new LoggingRebinder();
		this.runner.withBean(EtcdConfigState.class, EtcdConfigState::new)
			.withBean("myLoggingRebinder", LoggingRebinder.class, () -> own)
			.run((context) -> assertThat(context).getBean(LoggingRebinder.class).isSameAs(own));
	}

}
