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

package dev.etcdspring.observation;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdRequestObserver;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of Micrometer observations for every etcd request, when an
 * {@link ObservationRegistry} bean exists. The client of the {@code etcd:} import is
 * created before the registry, so the observer is attached to the client beans once all
 * singletons exist.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdClientAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "etcd.observations.enabled", matchIfMissing = true)
public final class EtcdObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(EtcdRequestObserver.class)
	ObservationEtcdRequestObserver etcdRequestObserver(ObservationRegistry registry,
			ObjectProvider<EtcdRequestObservationConvention> convention) {
		return new ObservationEtcdRequestObserver(registry, convention.getIfAvailable());
	}

	@Bean
	static SmartInitializingSingleton etcdRequestObserverAttacher(ObjectProvider<DefaultEtcdClient> clients,
			ObjectProvider<EtcdRequestObserver> observer) {
		return () -> observer.ifAvailable((found) -> clients.forEach((client) -> client.setRequestObserver(found)));
	}

}
