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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.core.SpringProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Ahead of time, Spring Cloud requires {@code spring.cloud.refresh.enabled=false} (its
 * {@code @RefreshScope} is not supported there); changes from etcd must still reach the
 * {@code @ConfigurationProperties} beans. Conditions are evaluated while the application
 * is processed, with {@code spring.aot.processing=true}; {@code SampleAotIT} runs a
 * processed application.
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigRefreshAheadOfTimeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RefreshAutoConfiguration.class,
				ConfigurationPropertiesRebinderAutoConfiguration.class, EtcdClientAutoConfiguration.class,
				EtcdConfigRefreshAutoConfiguration.class))
		.withBean(EtcdConfigState.class, EtcdConfigState::new);

	@Test
	void watchesWhenProcessedAheadOfTimeWithSpringCloudRefreshSwitchedOff() {
		this.runner.withPropertyValues("spring.aot.processing=true", "spring.cloud.refresh.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdConfigWatcher.class).hasSingleBean(EtcdConfigApplier.class);
				assertThat(context.getBean(EtcdConfigStateReporter.class).report()).containsEntry("watching", true);
			});
	}

	@Test
	void processedApplicationSaysWhatRefreshDoesAndNamesRefreshScopeBeans(CapturedOutput output) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		RootBeanDefinition scoped = new RootBeanDefinition(Object.class);
		scoped.setScope("refresh");
		beanFactory.registerBeanDefinition("scopedTarget.greeter", scoped);
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Object.class));
		SpringProperties.setFlag(AotDetector.AOT_ENABLED);
		try {
			new EtcdConfigRefreshAutoConfiguration.WatchConfiguration().etcdConfigWatcher(mock(EtcdClient.class),
					new EtcdConfigState(), mock(EtcdConfigApplier.class),
					beanFactory.getBeanProvider(RefreshScope.class), beanFactory);
		}
		finally {
			SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
		}
		assertThat(output)
			.containsOnlyOnce("changes in etcd are applied to @ConfigurationProperties beans, "
					+ "@RefreshScope is not supported")
			.containsOnlyOnce("@RefreshScope bean(s) [greeter] cannot be created");
	}

	@Test
	void etcdPropertyStillSwitchesTheWatchOffAheadOfTime(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.aot.processing=true", "spring.cloud.refresh.enabled=false",
					"etcd.config.watch.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EtcdConfigWatcher.class);
				assertThat(context.getBean(EtcdConfigStateReporter.class).report()).containsEntry("watching", false);
			});
		assertThat(output).contains("Changes to the configuration in etcd are not applied while the application runs "
				+ "(etcd.config.watch.enabled=false)");
	}

	@Test
	void springCloudRefreshSwitchedOffWithoutAheadOfTimeIsSaidOnce(CapturedOutput output) {
		this.runner.withPropertyValues("spring.cloud.refresh.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EtcdConfigWatcher.class);
			assertThat(context.getBean(EtcdConfigStateReporter.class).report()).containsEntry("watching", false);
		});
		assertThat(output).containsOnlyOnce("Changes to the configuration in etcd are not applied while the "
				+ "application runs (spring.cloud.refresh.enabled=false)");
	}

}
