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
import dev.etcdspring.config.EtcdConfigProperties;
import dev.etcdspring.config.EtcdConfigState;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Applies configuration changes from etcd at runtime when the application imported
 * {@code etcd:} configuration, and reports the configuration's state.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdClientAutoConfiguration.class,
		afterName = { "org.springframework.cloud.autoconfigure.RefreshAutoConfiguration",
				"org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration" })
@ConditionalOnClass(EnvironmentChangeEvent.class)
@ConditionalOnBean(EtcdConfigState.class)
@EnableConfigurationProperties(EtcdConfigProperties.class)
public final class EtcdConfigRefreshAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdConfigRefreshHistory etcdConfigRefreshHistory(EtcdConfigProperties properties) {
		return new EtcdConfigRefreshHistory(properties.getWatch().getHistorySize());
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdConfigStateReporter etcdConfigStateReporter(EtcdConfigState state, EtcdConfigRefreshHistory history,
			EtcdConfigProperties properties, Environment environment) {
		boolean watching = properties.getWatch().isEnabled()
				&& environment.getProperty("spring.cloud.refresh.enabled", Boolean.class, true);
		return new EtcdConfigStateReporter(state, history, watching);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "etcd.config.watch.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "spring.cloud.refresh.enabled", matchIfMissing = true)
	static class WatchConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(name = "etcd.config.watch.refresh-scope", havingValue = "changed", matchIfMissing = true)
		static EtcdConfigRefreshScopeReads etcdConfigRefreshScopeReads() {
			return new EtcdConfigRefreshScopeReads();
		}

		@Bean
		@ConditionalOnMissingBean
		EtcdConfigApplier etcdConfigApplier(ConfigurableApplicationContext context, EtcdConfigState state,
				EtcdConfigRefreshHistory history, ObjectProvider<ConfigurationPropertiesRebinder> rebinder,
				ObjectProvider<RefreshScope> refreshScope, ObjectProvider<EtcdConfigRefreshScopeReads> reads) {
			return new EtcdConfigApplier(context, state, new EtcdConfigBeans(context, rebinder.getIfAvailable()),
					refreshScope.getIfAvailable(), reads.getIfAvailable(), history);
		}

		@Bean
		@ConditionalOnMissingBean
		EtcdConfigWatcher etcdConfigWatcher(EtcdClient client, EtcdConfigState state, EtcdConfigApplier applier) {
			return new EtcdConfigWatcher(client, state, applier);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		ApplicationListener<ApplicationReadyEvent> etcdConfigMetricsBinder(ObjectProvider<MeterRegistry> registry,
				EtcdConfigRefreshHistory history) {
			return (event) -> registry
				.ifAvailable((meterRegistry) -> history.addObserver(new EtcdConfigMetrics(meterRegistry, history)));
		}

	}

}
