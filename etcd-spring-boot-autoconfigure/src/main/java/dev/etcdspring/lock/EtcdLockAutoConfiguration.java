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

import java.time.Duration;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdPropertyException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for distributed locks on etcd: an {@link EtcdLockRegistry} when
 * Spring Integration is on the class path and the application defines no
 * {@link LockRegistry} of its own, and its section of the {@code etcd} actuator endpoint.
 * Switched by {@code etcd.lock.enabled}.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdClientAutoConfiguration.class)
@ConditionalOnClass(LockRegistry.class)
@ConditionalOnBean(EtcdClient.class)
@ConditionalOnBooleanProperty(name = "etcd.lock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdLockProperties.class)
public final class EtcdLockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockRegistry.class)
	EtcdLockRegistry etcdLockRegistry(EtcdClient client, EtcdLockProperties properties) {
		return new EtcdLockRegistry(client, properties.getPrefix(), validTtl(properties.getTtl()));
	}

	private static Duration validTtl(Duration ttl) {
		if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.getNano() != 0) {
			throw new EtcdPropertyException("etcd.lock.ttl",
					"a whole number of seconds, at least 1s (etcd counts lease TTLs in whole seconds)");
		}
		return ttl;
	}

	@Bean
	@ConditionalOnBean(EtcdLockRegistry.class)
	@ConditionalOnMissingBean
	EtcdLockStateReporter etcdLockStateReporter(EtcdLockRegistry registry) {
		return new EtcdLockStateReporter(registry);
	}

}
