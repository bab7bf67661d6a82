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

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.etcdspring.config.ConfigTestApp.GreetingProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigRebinding}: the concerned beans, rebound to the environment in force.
 */
class EtcdConfigRebindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RefreshAutoConfiguration.class,
				ConfigurationPropertiesRebinderAutoConfiguration.class))
		.withUserConfiguration(GreetingConfiguration.class)
		.withPropertyValues("greeting.message=before", "greeting.other=kept");

	@Test
	void rebindsThroughSpringCloudsRebinder() {
		this.runner.run((context) -> {
			rebind(context, context.getBean(ConfigurationPropertiesRebinder.class));
			assertThat(context.getBean(GreetingProperties.class).getMessage()).isEqualTo("after");
			assertThat(context.getBean(GreetingProperties.class).getOther()).isEqualTo("kept");
		});
	}

	@Test
	void rebindsWithoutSpringCloudsRebinder() {
		this.runner.run((context) -> {
			assertThat(rebind(context, null)).hasSize(1);
			assertThat(context.getBean(GreetingProperties.class).getMessage()).isEqualTo("after");
		});
	}

	@Test
	void leavesNeverRefreshableBeansAlone() {
		this.runner.withPropertyValues("spring.cloud.refresh.never-refreshable=" + GreetingProperties.class.getName())
			.run((context) -> {
				assertThat(rebind(context, context.getBean(ConfigurationPropertiesRebinder.class))).isEmpty();
				assertThat(context.getBean(GreetingProperties.class).getMessage()).isEqualTo("before");
			});
	}

	private static Set<String> rebind(AssertableApplicationContext context,
			@Nullable ConfigurationPropertiesRebinder rebinder) {
		ConfigurableApplicationContext application = context.getSourceApplicationContext();
		EtcdConfigBeans beans = new EtcdConfigBeans(application, rebinder);
		beans.discover();
		application.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("changed", Map.of("greeting.message", "after")));
		List<EtcdConfigBeans.Target> targets = beans.concernedBy(List.of("greeting.message"));
		return new EtcdConfigRebinding(application, beans, rebinder).rebind(targets);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GreetingProperties.class)
	static class GreetingConfiguration {

	}

}
