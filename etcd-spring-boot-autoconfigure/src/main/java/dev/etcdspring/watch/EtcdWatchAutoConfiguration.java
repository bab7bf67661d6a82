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

package dev.etcdspring.watch;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@link EtcdWatch @EtcdWatch} methods, switched by
 * {@code etcd.watch.enabled}: the post-processor that finds them, the registry that runs
 * their watches, their section of the {@code etcd} actuator endpoint and, with
 * Micrometer, their metrics.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdClientAutoConfiguration.class)
@ConditionalOnBean(EtcdClient.class)
@ConditionalOnBooleanProperty(name = "etcd.watch.enabled", matchIfMissing = true)
public final class EtcdWatchAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static EtcdWatchAnnotationBeanPostProcessor etcdWatchAnnotationBeanPostProcessor(
			ObjectProvider<EtcdWatchMethodRegistry> registry, Environment environment) {
		return new EtcdWatchAnnotationBeanPostProcessor(registry, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdWatchMethodRegistry etcdWatchMethodRegistry(ObjectProvider<EtcdClient> client) {
		return new EtcdWatchMethodRegistry(client::getObject);
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdWatchStateReporter etcdWatchStateReporter(EtcdWatchMethodRegistry registry) {
		return new EtcdWatchStateReporter(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class EtcdWatchMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdWatchMetrics etcdWatchMetrics(EtcdWatchMethodRegistry registry) {
			return new EtcdWatchMetrics(registry);
		}

	}

}
