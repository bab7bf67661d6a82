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
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for discovery from etcd: the {@link EtcdServiceInstanceCache}, the
 * blocking and reactive discovery clients, the LoadBalancer supplier, the actuator state
 * reporter and metrics. Honours {@code spring.cloud.discovery.enabled},
 * {@code spring.cloud.discovery.blocking.enabled},
 * {@code spring.cloud.discovery.reactive.enabled} and {@code etcd.discovery.enabled}.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdClientAutoConfiguration.class, beforeName = {
		"org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
		"org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration",
		"org.springframework.cloud.client.CommonsClientAutoConfiguration",
		"org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration",
		"org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration" })
@ConditionalOnClass({ DiscoveryClient.class, JsonMapper.class })
@ConditionalOnBean(EtcdClient.class)
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = "etcd.discovery.enabled", matchIfMissing = true)
@Import(EtcdDiscoveryPropertiesConfiguration.class)
public final class EtcdDiscoveryClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdServiceInstanceCache etcdServiceInstanceCache(EtcdClient client, EtcdDiscoveryProperties properties,
			ApplicationEventPublisher publisher) {
		return new EtcdServiceInstanceCache(client, properties.normalizedPrefix(), publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdDiscoveryStateReporter etcdDiscoveryStateReporter(EtcdServiceInstanceCache cache) {
		return new EtcdDiscoveryStateReporter(cache);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdDiscoveryClient etcdDiscoveryClient(EtcdServiceInstanceCache cache) {
			return new EtcdDiscoveryClient(cache);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flux.class)
	@ConditionalOnReactiveDiscoveryEnabled
	static class ReactiveDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdReactiveDiscoveryClient etcdReactiveDiscoveryClient(EtcdServiceInstanceCache cache) {
			return new EtcdReactiveDiscoveryClient(cache);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ServiceInstanceListSupplier.class)
	@ConditionalOnBooleanProperty(name = "spring.cloud.loadbalancer.enabled", matchIfMissing = true)
	@LoadBalancerClients(defaultConfiguration = EtcdLoadBalancerClientConfiguration.class)
	static class LoadBalancerConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdDiscoveryMetrics etcdDiscoveryMetrics(EtcdServiceInstanceCache cache) {
			return new EtcdDiscoveryMetrics(cache);
		}

	}

}
