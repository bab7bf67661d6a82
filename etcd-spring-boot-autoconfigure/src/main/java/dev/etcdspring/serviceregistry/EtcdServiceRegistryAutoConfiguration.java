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

package dev.etcdspring.serviceregistry;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdConnectionDetails;
import dev.etcdspring.discovery.EtcdDiscoveryClientAutoConfiguration;
import dev.etcdspring.discovery.EtcdDiscoveryProperties;
import dev.etcdspring.discovery.EtcdDiscoveryPropertiesConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for registering the application in etcd: the
 * {@link EtcdServiceRegistry}, this application's {@link EtcdRegistration} and the
 * {@link EtcdAutoServiceRegistration} that follows its readiness, the actuator state
 * reporter and metrics. Honours {@code etcd.registration.enabled},
 * {@code spring.cloud.service-registry.enabled} and
 * {@code spring.cloud.service-registry.auto-registration.enabled}.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = { EtcdClientAutoConfiguration.class, EtcdDiscoveryClientAutoConfiguration.class },
		afterName = "org.springframework.cloud.commons.util.UtilAutoConfiguration",
		beforeName = { "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration",
				"org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration" })
@ConditionalOnClass({ ServiceRegistry.class, JsonMapper.class })
@ConditionalOnBean(EtcdClient.class)
@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "etcd.registration.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdRegistrationProperties.class)
@Import(EtcdDiscoveryPropertiesConfiguration.class)
public final class EtcdServiceRegistryAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EtcdServiceRegistry etcdServiceRegistry(EtcdClient client, EtcdRegistrationProperties properties,
			ObjectProvider<EtcdConnectionDetails> connectionDetails, ApplicationEventPublisher publisher) {
		EtcdConnectionDetails details = connectionDetails.getIfAvailable();
		return new EtcdServiceRegistry(client, properties.getTtl(), (details != null) ? details.getUsername() : null,
				publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdRegistrationStateReporter etcdRegistrationStateReporter(EtcdServiceRegistry registry,
			ObjectProvider<EtcdRegistration> registration) {
		return new EtcdRegistrationStateReporter(registry, registration.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "spring.cloud.service-registry.auto-registration.enabled",
			matchIfMissing = true)
	static class AutoRegistrationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdRegistration etcdRegistration(EtcdRegistrationProperties properties,
				EtcdDiscoveryProperties discoveryProperties, ObjectProvider<InetUtils> inetUtils,
				Environment environment) {
			String serviceName = properties.getServiceName();
			if (!StringUtils.hasText(serviceName)) {
				serviceName = environment.getProperty("spring.application.name", "application");
			}
			String host = properties.getHost();
			if (!StringUtils.hasText(host)) {
				host = detectHost(inetUtils.getIfAvailable(), properties.isPreferIpAddress());
			}
			Integer port = properties.getPort();
			return new EtcdRegistration(discoveryProperties.normalizedPrefix(), serviceName, properties.getInstanceId(),
					host, (port != null) ? port : 0, properties.isSecure(), properties.getMetadata());
		}

		private static String detectHost(InetUtils inetUtils, boolean preferIpAddress) {
			if (inetUtils != null) {
				InetUtils.HostInfo hostInfo = inetUtils.findFirstNonLoopbackHostInfo();
				return preferIpAddress ? hostInfo.getIpAddress() : hostInfo.getHostname();
			}
			try (InetUtils own = new InetUtils(new InetUtilsProperties())) {
				InetUtils.HostInfo hostInfo = own.findFirstNonLoopbackHostInfo();
				return preferIpAddress ? hostInfo.getIpAddress() : hostInfo.getHostname();
			}
		}

		@Bean
		@ConditionalOnMissingBean
		EtcdAutoServiceRegistration etcdAutoServiceRegistration(EtcdServiceRegistry registry,
				EtcdRegistration registration, EtcdRegistrationProperties properties,
				ObjectProvider<EtcdRegistrationCustomizer> customizers) {
			return new EtcdAutoServiceRegistration(registry, registration, properties.getPort() != null,
					customizers.orderedStream().toList());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EtcdRegistrationMetrics etcdRegistrationMetrics(EtcdServiceRegistry registry) {
			return new EtcdRegistrationMetrics(registry);
		}

	}

}
