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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigRefreshScopedBeans}: only the {@code @RefreshScope} beans that read a
 * changed name are re-created, or all of them without
 * {@link EtcdConfigRefreshScopeReads}.
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigRefreshScopedBeansTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RefreshAutoConfiguration.class))
		.withUserConfiguration(ScopedBeans.class)
		.withPropertyValues("a.x=1", "b.y=2");

	@Test
	void discoversTheBeansAndCreatesTheEagerOnes() {
		this.runner.withUserConfiguration(ReadsConfiguration.class).run((context) -> {
			EtcdConfigRefreshScopedBeans beans = beans(context, true);
			assertThat(beans.names()).containsExactlyInAnyOrder("scopedTarget.readsA", "scopedTarget.readsB");
			assertThat(context.getBean(Counters.class).a.get()).isEqualTo(1);
		});
	}

	@Test
	void recreatesOnlyTheBeansThatReadAChangedName() {
		this.runner.withUserConfiguration(ReadsConfiguration.class).run((context) -> {
			EtcdConfigRefreshScopedBeans beans = beans(context, true);
			Counters counters = context.getBean(Counters.class);
			assertThat(beans.recreate(Set.of("a.x"), List.of())).isEqualTo(1);
			assertThat(counters.a.get()).isEqualTo(2);
			assertThat(counters.b.get()).isEqualTo(1);
		});
	}

	@Test
	void recreatesAllWithoutWhatTheyRead() {
		this.runner.run((context) -> {
			EtcdConfigRefreshScopedBeans beans = beans(context, false);
			Counters counters = context.getBean(Counters.class);
			assertThat(beans.recreate(Set.of("a.x"), List.of())).isEqualTo(2);
			assertThat(counters.a.get()).isEqualTo(2);
			assertThat(counters.b.get()).isEqualTo(2);
		});
	}

	@Test
	void withoutARefreshScopeFindsAndCreatesNothing(CapturedOutput output) {
		new ApplicationContextRunner().withUserConfiguration(ScopedBeans.class)
			.withPropertyValues("a.x=1", "b.y=2")
			.run((context) -> {
				EtcdConfigRefreshScopedBeans beans = new EtcdConfigRefreshScopedBeans(
						context.getSourceApplicationContext(), null, null);
				beans.discover();
				assertThat(beans.names()).isEmpty();
				assertThat(beans.recreate(Set.of("a.x"), List.of())).isZero();
				assertThat(context.getBean(Counters.class).a.get()).isZero();
				assertThat(output).doesNotContain("Could not re-create");
			});
	}

	private static EtcdConfigRefreshScopedBeans beans(AssertableApplicationContext context, boolean reads) {
		ConfigurableApplicationContext application = context.getSourceApplicationContext();
		EtcdConfigRefreshScopedBeans beans = new EtcdConfigRefreshScopedBeans(application,
				context.getBean(org.springframework.cloud.context.scope.refresh.RefreshScope.class),
				reads ? context.getBean(EtcdConfigRefreshScopeReads.class) : null);
		beans.discover();
		return beans;
	}

	@Configuration(proxyBeanMethods = false)
	static class ReadsConfiguration {

		@Bean
		static EtcdConfigRefreshScopeReads etcdConfigRefreshScopeReads() {
			return new EtcdConfigRefreshScopeReads();
		}

	}

	static class Counters {

		final AtomicInteger a = new AtomicInteger();

		final AtomicInteger b = new AtomicInteger();

	}

	public static class Holder {

		private final String value;

		public Holder(String value) {
			this.value = value;
		}

		public String getValue() {
			return this.value;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedBeans {

		@Bean
		Counters counters() {
			return new Counters();
		}

		@Bean
		@RefreshScope
		Holder readsA(Counters counters, @Value("${a.x}") String x) {
			counters.a.incrementAndGet();
			return new Holder(x);
		}

		@Bean
		@RefreshScope
		Holder readsB(Counters counters, @Value("${b.y}") String y) {
			counters.b.incrementAndGet();
			return new Holder(y);
		}

	}

}
