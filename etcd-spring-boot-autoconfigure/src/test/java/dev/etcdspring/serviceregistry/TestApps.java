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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Starts real applications (embedded Tomcat on a random port) that register in etcd and
 * discover each other.
 *
 * @author etcd-spring-boot-starter authors
 */
final class TestApps {

	private TestApps() {
	}

	static String uniquePrefix() {
		return "/services-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Start an application registering as {@code name}.
	 * @param endpoints the etcd endpoints, comma separated
	 * @param prefix the discovery prefix
	 * @param name the service name
	 * @param properties more properties
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(String endpoints, String prefix, String name, String... properties) {
		return start(endpoints, prefix, name, (context) -> {
		}, properties);
	}

	/**
	 * Start an application registering as {@code name}, initializing its context first.
	 * @param endpoints the etcd endpoints, comma separated
	 * @param prefix the discovery prefix
	 * @param name the service name
	 * @param initializer applied to the context before it is refreshed
	 * @param properties more properties
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(String endpoints, String prefix, String name,
			ApplicationContextInitializer<ConfigurableApplicationContext> initializer, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.application.name=" + name,
				"etcd.endpoints=" + endpoints, "etcd.discovery.prefix=" + prefix, "etcd.registration.host=127.0.0.1",
				"etcd.registration.ttl=2s", "etcd.request-timeout=2s", "spring.main.banner-mode=off",
				"logging.level.dev.etcdspring=info", "spring.cloud.config.enabled=false",
				"spring.cloud.refresh.enabled=false"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(ServiceApp.class).web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.initializers(initializer)
			.run();
	}

	static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class ServiceApp {

		private final Environment environment;

		ServiceApp(Environment environment) {
			this.environment = environment;
		}

		@GetMapping("/whoami")
		String whoami() {
			return this.environment.getRequiredProperty("local.server.port");
		}

		@Bean
		EtcdRegistrationCustomizer customizedMetadata() {
			return (registration) -> registration.getMetadata().put("customized", "true");
		}

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

}
