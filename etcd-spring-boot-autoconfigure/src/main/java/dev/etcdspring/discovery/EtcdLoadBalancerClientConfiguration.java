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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Default configuration of every LoadBalancer client context: instances come straight
 * from the {@link EtcdServiceInstanceCache}, replacing LoadBalancer's discovery-client
 * supplier and its 35 s cache (services etcd does not know are looked up in the
 * application's primary {@link DiscoveryClient}, usually the composite of all of them).
 * <p>
 * Spring Cloud LoadBalancer's own configurations ({@code zone-preference},
 * {@code health-check}, {@code weighted}, ... chosen by
 * {@code spring.cloud.loadbalancer.configurations} or
 * {@code spring.cloud.loadbalancer.clients.<name>.configurations}) are applied on top of
 * that supplier, without the cache: see {@link EtcdLoadBalancerConfigurations}. A
 * supplier declared in a client's own configuration
 * ({@code @LoadBalancerClient(configuration = ...)}) takes precedence.
 *
 * @author etcd-spring-boot-starter authors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(EtcdServiceInstanceCache.class)
public class EtcdLoadBalancerClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceInstanceListSupplier etcdServiceInstanceListSupplier(EtcdServiceInstanceCache cache,
			ObjectProvider<DiscoveryClient> discoveryClient, ConfigurableApplicationContext context) {
		String serviceId = context.getEnvironment().getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
		if (serviceId == null) {
			throw new IllegalStateException("No service id in the LoadBalancer client context ("
					+ LoadBalancerClientFactory.PROPERTY_NAME + ")");
		}
		EtcdServiceInstanceListSupplier etcd = new EtcdServiceInstanceListSupplier(cache, serviceId,
				discoveryClient.getIfUnique());
		return EtcdLoadBalancerConfigurations.decorate(etcd, context);
	}

}
