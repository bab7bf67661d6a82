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

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.LoadBalancerEnvironmentPropertyUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Applies the configuration named by {@code spring.cloud.loadbalancer.configurations} (or
 * {@code spring.cloud.loadbalancer.clients.<name>.configurations}) to the etcd supplier:
 * the decorators Spring Cloud LoadBalancer's own {@code LoadBalancerClientConfiguration}
 * puts on its discovery-client supplier, in the same order and picked the same way
 * (reactive variants when a {@link ReactiveDiscoveryClient} exists), but never
 * {@code withCaching()}. The etcd supplier reads a cache that a watch keeps current;
 * LoadBalancer's cache on top would keep choosing a removed instance for up to 35 s.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdLoadBalancerConfigurations {

	private static final Log logger = LogFactory.getLog(EtcdLoadBalancerConfigurations.class);

	private static final String PROPERTY = "configurations";

	private static final String DEFAULT = "default";

	private static final List<Configuration> CONFIGURATIONS = List.of(
			new Configuration("zone-preference", (builder, context) -> builder.withZonePreference()),
			new Configuration("health-check", EtcdLoadBalancerConfigurations::withHealthChecks),
			new Configuration("request-based-sticky-session",
					(builder, context) -> builder.withRequestBasedStickySession()),
			new Configuration("same-instance-preference", (builder, context) -> builder.withSameInstancePreference()),
			new Configuration("weighted", (builder, context) -> builder.withWeighted()),
			new Configuration("subset", (builder, context) -> builder.withSubset()),
			new Configuration("api-version", (builder, context) -> reactive(context)
					? builder.withReactiveApiVersioning() : builder.withBlockingApiVersioning()));

	private static final String WEB_CLIENT_BUILDER = "org.springframework.web.reactive.function.client.WebClient$Builder";

	private static final String REST_TEMPLATE = "org.springframework.web.client.RestTemplate";

	private static final String REST_CLIENT = "org.springframework.web.client.RestClient";

	private EtcdLoadBalancerConfigurations() {
	}

	/**
	 * Return the supplier for a LoadBalancer client context.
	 * @param etcd the etcd supplier
	 * @param context the LoadBalancer client context
	 * @return the etcd supplier, decorated as the configured configuration asks
	 */
	static ServiceInstanceListSupplier decorate(ServiceInstanceListSupplier etcd,
			ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		if (LoadBalancerEnvironmentPropertyUtils.equalToOrMissingForClientOrDefault(environment, PROPERTY, DEFAULT)) {
			return etcd;
		}
		for (Configuration configuration : CONFIGURATIONS) {
			if (LoadBalancerEnvironmentPropertyUtils.equalToForClientOrDefault(environment, PROPERTY,
					configuration.name())) {
				return configuration.decorator()
					.decorate(ServiceInstanceListSupplier.builder().withBase(etcd), context)
					.build(context);
			}
		}
		logger.warn("spring.cloud.loadbalancer.configurations (or spring.cloud.loadbalancer.clients."
				+ etcd.getServiceId() + ".configurations) names no configuration known to the etcd starter (" + DEFAULT
				+ ", " + String.join(", ", CONFIGURATIONS.stream().map(Configuration::name).toList())
				+ "); instances of '" + etcd.getServiceId() + "' are supplied undecorated");
		return etcd;
	}

	private static ServiceInstanceListSupplierBuilder withHealthChecks(ServiceInstanceListSupplierBuilder builder,
			ConfigurableApplicationContext context) {
		if (reactive(context) && hasBean(context, WEB_CLIENT_BUILDER)) {
			return builder.withHealthChecks();
		}
		if (hasBean(context, REST_TEMPLATE)) {
			return builder.withBlockingHealthChecks();
		}
		if (hasBean(context, REST_CLIENT)) {
			return builder.withBlockingRestClientHealthChecks();
		}
		throw new IllegalStateException("The health-check LoadBalancer configuration of '"
				+ context.getEnvironment().getProperty(LoadBalancerClientFactory.PROPERTY_NAME)
				+ "' needs a WebClient.Builder, RestTemplate or RestClient bean to call the instances with");
	}

	private static boolean reactive(ConfigurableApplicationContext context) {
		return hasBean(context, ReactiveDiscoveryClient.class);
	}

	private static boolean hasBean(ConfigurableApplicationContext context, String typeName) {
		ClassLoader classLoader = context.getBeanFactory().getBeanClassLoader();
		return ClassUtils.isPresent(typeName, classLoader)
				&& hasBean(context, ClassUtils.resolveClassName(typeName, classLoader));
	}

	private static boolean hasBean(ConfigurableApplicationContext context, Class<?> type) {
		return BeanFactoryUtils.beanNamesForTypeIncludingAncestors(context.getBeanFactory(), type, true,
				false).length > 0;
	}

	/**
	 * Adds one configuration's decorators to a builder.
	 */
	@FunctionalInterface
	private interface Decorator {

		ServiceInstanceListSupplierBuilder decorate(ServiceInstanceListSupplierBuilder builder,
				ConfigurableApplicationContext context);

	}

	/**
	 * A configuration of Spring Cloud LoadBalancer, by the name its property uses.
	 */
	private record Configuration(String name, Decorator decorator) {

	}

}
