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

import java.util.Arrays;
import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.config.EtcdConfigProperties;
import dev.etcdspring.config.EtcdConfigState;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
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
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Applies configuration changes from etcd at runtime when the application imported
 * {@code etcd:} configuration, and reports the configuration's state.
 * <p>
 * {@code spring.cloud.refresh.enabled=false} switches the watch off, except ahead of
 * time: Spring Cloud requires that setting there because its {@code @RefreshScope} is not
 * supported, and changes are still applied to {@code @ConfigurationProperties} beans.
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

	private static final Log logger = LogFactory.getLog(EtcdConfigRefreshAutoConfiguration.class);

	private static final String REFRESH_ENABLED = "spring.cloud.refresh.enabled";

	@Bean
	@ConditionalOnMissingBean
	EtcdConfigRefreshHistory etcdConfigRefreshHistory(EtcdConfigProperties properties) {
		return new EtcdConfigRefreshHistory(properties.getWatch().getHistorySize());
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdConfigStateReporter etcdConfigStateReporter(EtcdConfigState state, EtcdConfigRefreshHistory history,
			ObjectProvider<EtcdConfigWatcher> watcher, EtcdConfigProperties properties) {
		boolean watching = watcher.getIfAvailable() != null;
		if (!watching) {
			String reason = (!properties.getWatch().isEnabled()) ? "etcd.config.watch.enabled=false"
					: REFRESH_ENABLED + "=false";
			logger.info("Changes to the configuration in etcd are not applied while the application runs (" + reason
					+ "); a restart applies them");
		}
		return new EtcdConfigStateReporter(state, history, watching);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "etcd.config.watch.enabled", matchIfMissing = true)
	@Conditional(RefreshEnabledOrAheadOfTime.class)
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
		EtcdConfigWatcher etcdConfigWatcher(EtcdClient client, EtcdConfigState state, EtcdConfigApplier applier,
				ObjectProvider<RefreshScope> refreshScope, ConfigurableListableBeanFactory beanFactory) {
			if (AotDetector.useGeneratedArtifacts() && refreshScope.getIfAvailable() == null) {
				reportWithoutRefreshScope(beanFactory);
			}
			return new EtcdConfigWatcher(client, state, applier);
		}

		/**
		 * Say once what refresh does ahead of time without Spring Cloud's refresh scope,
		 * and name the {@code @RefreshScope} beans that cannot be created.
		 */
		private static void reportWithoutRefreshScope(ConfigurableListableBeanFactory beanFactory) {
			logger.info("Running ahead-of-time processed without Spring Cloud's refresh scope (" + REFRESH_ENABLED
					+ "=false, as Spring Cloud requires there): changes in etcd are applied to "
					+ "@ConfigurationProperties beans, @RefreshScope is not supported");
			List<String> scoped = Arrays.stream(beanFactory.getBeanDefinitionNames())
				.filter((name) -> "refresh".equals(beanFactory.getBeanDefinition(name).getScope()))
				.map((name) -> name.replaceFirst("^scopedTarget\\.", ""))
				.toList();
			if (!scoped.isEmpty()) {
				logger.warn("@RefreshScope bean(s) " + scoped + " cannot be created: Spring Cloud's refresh scope is "
						+ "not registered ahead of time; remove @RefreshScope from them (changes in etcd reach "
						+ "@ConfigurationProperties beans without it)");
			}
		}

	}

	/**
	 * Spring Cloud's refresh is on, or the application is being processed ahead of time,
	 * where Spring Cloud requires {@code spring.cloud.refresh.enabled=false} (its
	 * {@code @RefreshScope} is not supported there) and {@code @ConfigurationProperties}
	 * beans are still rebound. Conditions are evaluated while the application is
	 * processed, not when the processed application starts.
	 */
	static final class RefreshEnabledOrAheadOfTime extends AnyNestedCondition {

		RefreshEnabledOrAheadOfTime() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty(name = REFRESH_ENABLED, matchIfMissing = true)
		static class RefreshEnabled {

		}

		// Set by Spring's AOT processors (AbstractAotProcessor) while they run.
		@ConditionalOnBooleanProperty("spring.aot.processing")
		static class AheadOfTimeProcessing {

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
