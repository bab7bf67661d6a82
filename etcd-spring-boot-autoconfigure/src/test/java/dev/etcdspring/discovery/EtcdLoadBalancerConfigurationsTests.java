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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud LoadBalancer's own configurations
 * ({@code spring.cloud.loadbalancer.configurations}) on top of the etcd supplier.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EtcdLoadBalancerConfigurationsTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private String endpoint;

	private String prefix;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp(EtcdServer etcd) {
		this.endpoint = etcd.endpoint();
		this.prefix = "/services-" + UUID.randomUUID().toString().substring(0, 8);
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class, EtcdClientAutoConfiguration.class,
					EtcdDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class,
					ReactiveCompositeDiscoveryClientAutoConfiguration.class, LoadBalancerAutoConfiguration.class))
			.withPropertyValues("etcd.endpoints=" + this.endpoint, "etcd.discovery.prefix=" + this.prefix);
	}

	@AfterEach
	void closeApps() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
	}

	@ParameterizedTest
	@CsvSource({ "zone-preference, ZonePreferenceServiceInstanceListSupplier",
			"same-instance-preference, SameInstancePreferenceServiceInstanceListSupplier",
			"request-based-sticky-session, RequestBasedStickySessionServiceInstanceListSupplier",
			"weighted, WeightedServiceInstanceListSupplier", "subset, SubsetServiceInstanceListSupplier",
			"api-version, ReactiveApiVersionServiceInstanceListSupplier",
			"health-check, HealthCheckServiceInstanceListSupplier" })
	void configurationDecoratesTheEtcdSupplier(String configuration, String decorator) {
		this.runner.withPropertyValues("spring.cloud.loadbalancer.configurations=" + configuration)
			.withBean(WebClient.Builder.class, WebClient::builder)
			.run((context) -> assertThat(supplier(context)).satisfies((supplier) -> {
				assertThat(supplier.getClass().getSimpleName()).isEqualTo(decorator);
				assertThat(((DelegatingServiceInstanceListSupplier) supplier).getDelegate())
					.isInstanceOf(EtcdServiceInstanceListSupplier.class);
			}));
	}

	@Test
	void clientSpecificConfigurationAppliesToThatClientOnly() {
		this.runner.withPropertyValues("spring.cloud.loadbalancer.clients.backend.configurations=zone-preference")
			.run((context) -> {
				assertThat(supplier(context).getClass().getSimpleName())
					.isEqualTo("ZonePreferenceServiceInstanceListSupplier");
				assertThat(context.getBean(LoadBalancerClientFactory.class)
					.getInstance("other", ServiceInstanceListSupplier.class))
					.isInstanceOf(EtcdServiceInstanceListSupplier.class);
			});
	}

	@Test
	void withoutConfigurationsOrWithDefaultTheEtcdSupplierIsUsedAsIs() {
		this.runner.run((context) -> assertThat(supplier(context)).isInstanceOf(EtcdServiceInstanceListSupplier.class));
		this.runner.withPropertyValues("spring.cloud.loadbalancer.configurations=default")
			.run((context) -> assertThat(supplier(context)).isInstanceOf(EtcdServiceInstanceListSupplier.class));
	}

	@Test
	void healthChecksUseABlockingClientWithoutReactiveDiscovery() {
		this.runner
			.withPropertyValues("spring.cloud.loadbalancer.configurations=health-check",
					"spring.cloud.discovery.reactive.enabled=false")
			.withBean(RestClient.class, RestClient::create)
			.run((context) -> assertThat(supplier(context).getClass().getSimpleName())
				.isEqualTo("HealthCheckServiceInstanceListSupplier"));
	}

	@Test
	void healthChecksWithoutAnHttpClientFailNamingWhatIsMissing() {
		this.runner.withPropertyValues("spring.cloud.loadbalancer.configurations=health-check")
			.run((context) -> assertThat(catchThrowable(() -> supplier(context))).rootCause()
				.hasMessageContaining("'backend'")
				.hasMessageContaining("WebClient.Builder, RestTemplate or RestClient"));
	}

	@Test
	void unknownConfigurationIsReportedAndTheEtcdSupplierUsed(CapturedOutput output) {
		this.runner.withPropertyValues("spring.cloud.loadbalancer.configurations=no-such-thing").run((context) -> {
			assertThat(supplier(context)).isInstanceOf(EtcdServiceInstanceListSupplier.class);
			assertThat(output).contains("spring.cloud.loadbalancer.configurations", "'backend'")
				.doesNotContain("no-such-thing");
		});
	}

	@Test
	void zonePreferenceChoosesOnlyTheCallersZoneAndNeverAStoppedInstance() {
		ConfigurableApplicationContext zoneA = start("backend", "etcd.registration.port=1001",
				"etcd.registration.metadata.zone=a");
		start("backend", "etcd.registration.port=1002", "etcd.registration.metadata.zone=b");
		ConfigurableApplicationContext caller = start("caller", "etcd.registration.enabled=false",
				"spring.cloud.loadbalancer.configurations=zone-preference", "spring.cloud.loadbalancer.zone=a");
		DiscoveryClient discovery = caller.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("backend").size() == 2);
		ReactiveLoadBalancer<ServiceInstance> loadBalancer = caller.getBean(LoadBalancerClientFactory.class)
			.getInstance("backend");
		for (int i = 0; i < 6; i++) {
			assertThat(chosenPort(loadBalancer)).isEqualTo(1001);
		}
		zoneA.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> discovery.getInstances("backend").size() == 1);
		// No instance left in zone a: zone preference falls back to the others, and the
		// stopped one is never chosen again (no 35 s cache in between).
		for (int i = 0; i < 6; i++) {
			assertThat(chosenPort(loadBalancer)).isEqualTo(1002);
		}
	}

	private static int chosenPort(ReactiveLoadBalancer<ServiceInstance> loadBalancer) {
		Response<ServiceInstance> response = Mono.from(loadBalancer.choose()).block(Duration.ofSeconds(5));
		assertThat(response).isNotNull();
		assertThat(response.hasServer()).isTrue();
		return response.getServer().getPort();
	}

	private static ServiceInstanceListSupplier supplier(ApplicationContext context) {
		return context.getBean(LoadBalancerClientFactory.class)
			.getInstance("backend", ServiceInstanceListSupplier.class);
	}

	private ConfigurableApplicationContext start(String name, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.application.name=" + name, "etcd.endpoints=" + this.endpoint,
				"etcd.discovery.prefix=" + this.prefix, "etcd.registration.host=127.0.0.1", "etcd.registration.ttl=2s",
				"spring.main.banner-mode=off", "spring.cloud.config.enabled=false",
				"spring.cloud.refresh.enabled=false"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
