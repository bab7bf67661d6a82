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

package dev.etcdspring.lock;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for distributed locks on etcd: an {@link EtcdLockRegistry} when
 * Spring Integration is on the class path and the application defines no
 * {@link LockRegistry} of its own, its section of the {@code etcd} actuator endpoint and,
 * with Micrometer, its metrics. Switched by {@code etcd.lock.enabled}.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdClientAutoConfiguration.class)
@ConditionalOnClass(LockRegistry.class)
@ConditionalOnBean(EtcdClient.class)
@ConditionalOnBooleanProperty(name = "etcd.lock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdLockProperties.class)
public final class EtcdLockAutoConfiguration {

	// Nested so that the registry is defined before the conditions on it are evaluated:
	// member classes are processed in order, before the outer class's own bean methods.
	@Configuration(proxyBeanMethods = false)
	static class EtcdLockRegistryConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockRegistry.class)
		EtcdLockRegistry etcdLockRegistry(EtcdClient client, EtcdLockProperties properties) {
			return new EtcdLockRegistry(client, properties.getPrefix(), properties.getTtl());
		}

		@Bean
		@ConditionalOnBean(EtcdLockRegistry.class)
		@ConditionalOnMissingBean
		EtcdLockStateReporter etcdLockStateReporter(EtcdLockRegistry registry) {
			return new EtcdLockStateReporter(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class EtcdLockMetricsConfiguration {

		@Bean
		@ConditionalOnBean(EtcdLockRegistry.class)
		@ConditionalOnMissingBean
		EtcdLockMetrics etcdLockMetrics(EtcdLockRegistry registry) {
			return new EtcdLockMetrics(registry);
		}

	}

}
