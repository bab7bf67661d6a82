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

package dev.etcdspring.discovery;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EtcdDiscoveryClientAutoConfiguration}: conditions, back-off and
 * property binding, without an etcd server (the cache starts empty and retries).
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdDiscoveryClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdDiscoveryClientAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=http://127.0.0.1:1", "etcd.request-timeout=200ms");

	@Test
	void providesTheCacheBothClientsTheReporterAndMetricsByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdServiceInstanceCache.class)
				.hasSingleBean(EtcdDiscoveryClient.class)
				.hasSingleBean(EtcdReactiveDiscoveryClient.class)
				.hasSingleBean(EtcdDiscoveryStateReporter.class)
				.hasSingleBean(EtcdDiscoveryMetrics.class);
			assertThat(context.getBean(EtcdDiscoveryProperties.class).getPrefix()).isEqualTo("/services");
			EtcdServiceInstanceCache cache = context.getBean(EtcdServiceInstanceCache.class);
			assertThat(cache.getPrefix()).isEqualTo("/services/");
			assertThat(cache.isLoaded()).isFalse();
			assertThat(context.getBean(DiscoveryClient.class).getServices()).isEmpty();
			assertThat(context.getBean(ReactiveDiscoveryClient.class).getServices().collectList().block()).isEmpty();
		});
	}

	@Test
	void bindsThePrefix() {
		this.runner.withPropertyValues("etcd.discovery.prefix=registry/apps/").run((context) -> {
			assertThat(context.getBean(EtcdServiceInstanceCache.class).getPrefix()).isEqualTo("/registry/apps/");
		});
	}

	@Test
	void backsOffWhenEtcdDiscoveryIsDisabled() {
		this.runner.withPropertyValues("etcd.discovery.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EtcdServiceInstanceCache.class)
				.doesNotHaveBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdReactiveDiscoveryClient.class);
		});
	}

	@Test
	void backsOffWhenSpringCloudDiscoveryIsDisabled() {
		this.runner.withPropertyValues("spring.cloud.discovery.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EtcdServiceInstanceCache.class)
				.doesNotHaveBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdReactiveDiscoveryClient.class);
		});
	}

	@Test
	void honoursTheBlockingSwitch() {
		this.runner.withPropertyValues("spring.cloud.discovery.blocking.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(EtcdDiscoveryClient.class)
				.hasSingleBean(EtcdReactiveDiscoveryClient.class);
		});
	}

	@Test
	void honoursTheReactiveSwitch() {
		this.runner.withPropertyValues("spring.cloud.discovery.reactive.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdReactiveDiscoveryClient.class);
		});
	}

	@Test
	void needsAnEtcdClient() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdDiscoveryClientAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdServiceInstanceCache.class));
	}

	@Test
	void needsJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).hasSingleBean(EtcdClient.class)
				.doesNotHaveBean(EtcdServiceInstanceCache.class));
	}

	@Test
	void leavesMetricsOutWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(EtcdDiscoveryClient.class)
				.doesNotHaveBean(EtcdDiscoveryMetrics.class));
	}

	@Test
	void backsOffForUserDefinedBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdServiceInstanceCache.class).hasSingleBean(EtcdDiscoveryClient.class);
			assertThat(context.getBean(EtcdServiceInstanceCache.class).getPrefix()).isEqualTo("/mine/");
			assertThat(context.getBean(EtcdDiscoveryClient.class)).isSameAs(context.getBean("myDiscoveryClient"));
		});
	}

	@Test
	void reportsAndMeasuresTheCache() {
		this.runner.run((context) -> {
			Object report = context.getBean(EtcdDiscoveryStateReporter.class).report();
			assertThat(context.getBean(EtcdDiscoveryStateReporter.class).section()).isEqualTo("discovery");
			assertThat(report).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("prefix", "/services/")
				.containsEntry("loaded", false)
				.containsKey("services");
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(EtcdDiscoveryMetrics.class).bindTo(meters);
			assertThat(meters.get("etcd.discovery.instances").gauge().value()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		EtcdServiceInstanceCache myCache(EtcdClient client) {
			return new EtcdServiceInstanceCache(client, "/mine", null);
		}

		@Bean
		EtcdDiscoveryClient myDiscoveryClient(EtcdServiceInstanceCache cache) {
			return new EtcdDiscoveryClient(cache);
		}

	}

}
