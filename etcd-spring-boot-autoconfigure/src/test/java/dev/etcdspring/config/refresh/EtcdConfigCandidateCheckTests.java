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

import jakarta.validation.constraints.Max;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigCandidateCheck}: fresh candidates bound against sources not in force.
 */
class EtcdConfigCandidateCheckTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(LimitConfiguration.class)
		.withPropertyValues("limit.max=10");

	@Test
	void aCandidateThatValidatesPassesAndTheBeanIsLeftAlone() {
		this.runner.run((context) -> check(context, "50", (problem, bean) -> {
			assertThat(problem).isNull();
			assertThat(bean.getMax()).isEqualTo(10);
		}));
	}

	@Test
	void aCandidateThatFailsValidationNamesThePropertyNotTheValue() {
		this.runner.run((context) -> check(context, "12345", (problem, bean) -> {
			assertThat(problem).contains("limit.max").doesNotContain("12345");
			assertThat(bean.getMax()).isEqualTo(10);
		}));
	}

	@Test
	void aNeverRefreshableBeanIsNotChecked() {
		this.runner.withPropertyValues("spring.cloud.refresh.never-refreshable=" + LimitProperties.class.getName())
			.run((context) -> check(context, "12345", (problem, bean) -> assertThat(problem).isNull()));
	}

	private static void check(AssertableApplicationContext context, String max, Outcome outcome) {
		ConfigurableApplicationContext application = context.getSourceApplicationContext();
		EtcdConfigBeans beans = new EtcdConfigBeans(application, null);
		beans.discover();
		List<EtcdConfigBeans.Target> targets = beans.concernedBy(List.of("limit.max"));
		assertThat(targets).extracting(EtcdConfigBeans.Target::type).containsExactly(LimitProperties.class);
		MutablePropertySources candidate = new MutablePropertySources();
		candidate.addLast(new MapPropertySource("candidate", Map.of("limit.max", max)));
		try (EtcdConfigCandidateCheck check = new EtcdConfigCandidateCheck(application, beans)) {
			outcome.accept(check.check(targets, candidate), application.getBean(LimitProperties.class));
		}
	}

	interface Outcome {

		void accept(String problem, LimitProperties bean);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LimitProperties.class)
	static class LimitConfiguration {

	}

	@ConfigurationProperties("limit")
	@Validated
	public static class LimitProperties {

		@Max(100)
		private int max;

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

	}

}
