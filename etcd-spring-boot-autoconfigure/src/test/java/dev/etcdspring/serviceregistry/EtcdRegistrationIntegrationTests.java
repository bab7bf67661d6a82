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

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.discovery.EtcdInstancePayload;
import dev.etcdspring.discovery.EtcdInstancePayloadCodec;
import dev.etcdspring.discovery.EtcdServiceInstanceListSupplier;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.health.DiscoveryClientHealthIndicator;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registration and discovery between real applications against the shared etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdRegistrationIntegrationTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private String prefix;

	private String endpoint;

	private DefaultEtcdClient etcd;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.prefix = TestApps.uniquePrefix();
		this.endpoint = server.endpoint();
		this.etcd = EtcdTestClients.create(server.endpoints());
	}

	@AfterEach
	void tearDown() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.etcd.close();
	}

	private ConfigurableApplicationContext start(String name, String... properties) {
		ConfigurableApplicationContext context = TestApps.start(this.endpoint, this.prefix, name, properties);
		this.contexts.add(context);
		return context;
	}

	private String keyOf(ConfigurableApplicationContext context) {
		return context.getBean(EtcdRegistration.class).getKey();
	}

	@Test
	void twoAppsSeeEachOtherThroughBothDiscoveryClients() {
		ConfigurableApplicationContext alpha = start("alpha");
		ConfigurableApplicationContext beta = start("beta");
		DiscoveryClient alphaDiscovery = alpha.getBean(DiscoveryClient.class);
		DiscoveryClient betaDiscovery = beta.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(alphaDiscovery.getInstances("beta")).singleElement()
				.satisfies((instance) -> assertThat(instance.getPort()).isEqualTo(TestApps.port(beta)));
			assertThat(betaDiscovery.getInstances("alpha")).singleElement()
				.satisfies((instance) -> assertThat(instance.getPort()).isEqualTo(TestApps.port(alpha)));
		});
		assertThat(alphaDiscovery.getServices()).contains("alpha", "beta");
		ServiceInstance beta1 = alphaDiscovery.getInstances("beta").get(0);
		assertThat(beta1.getHost()).isEqualTo("127.0.0.1");
		assertThat(beta1.getInstanceId()).isEqualTo("beta-127.0.0.1-" + TestApps.port(beta));
		assertThat(beta1.getUri()).hasToString("http://127.0.0.1:" + TestApps.port(beta));
		ReactiveDiscoveryClient reactive = alpha.getBean(ReactiveDiscoveryClient.class);
		assertThat(reactive.getInstances("beta").map(ServiceInstance::getPort).collectList().block())
			.containsExactly(TestApps.port(beta));
		assertThat(reactive.getServices().collectList().block()).contains("alpha", "beta");
		ReactiveDiscoveryClient betaReactive = beta.getBean(ReactiveDiscoveryClient.class);
		assertThat(betaReactive.getInstances("alpha").map(ServiceInstance::getPort).collectList().block())
			.containsExactly(TestApps.port(alpha));
	}

	@Test
	void registrationKeyHoldsTheDocumentedPayloadUnderALease() {
		ConfigurableApplicationContext alpha = start("alpha", "etcd.registration.metadata.zone=eu-1");
		String key = keyOf(alpha);
		assertThat(key).isEqualTo(this.prefix + "/alpha/alpha-127.0.0.1-" + TestApps.port(alpha));
		EtcdKeyValue keyValue = this.etcd.get(key).orElseThrow();
		assertThat(keyValue.value()).isEqualTo("{\"serviceId\":\"alpha\",\"instanceId\":\"alpha-127.0.0.1-"
				+ TestApps.port(alpha) + "\",\"host\":\"127.0.0.1\",\"port\":" + TestApps.port(alpha)
				+ ",\"secure\":false,\"metadata\":{\"customized\":\"true\",\"zone\":\"eu-1\"}}");
		EtcdServiceRegistry registry = alpha.getBean(EtcdServiceRegistry.class);
		EtcdRegistration registration = alpha.getBean(EtcdRegistration.class);
		assertThat(keyValue.leaseId()).isNotZero().isEqualTo(registry.getLeaseId(registration));
		assertThat(this.etcd.timeToLive(keyValue.leaseId()).granted()).isEqualTo(Duration.ofSeconds(2));
		assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.REGISTERED);
	}

	@Test
	void actuatorShowsTheTtlEtcdGrantedWhenItIsLongerThanTheOneAskedFor() {
		ConfigurableApplicationContext alpha = start("alpha", "etcd.registration.ttl=1s");
		EtcdServiceRegistry registry = alpha.getBean(EtcdServiceRegistry.class);
		EtcdRegistration registration = alpha.getBean(EtcdRegistration.class);
		Duration granted = this.etcd.timeToLive(registry.getLeaseId(registration)).granted();
		// etcd's minimum lease TTL: 1.5 times its election timeout, rounded up.
		assertThat(granted).isGreaterThan(Duration.ofSeconds(1));
		EtcdRegistrationStateReporter reporter = alpha.getBean(EtcdRegistrationStateReporter.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(registry.getGrantedTtl(registration)).isEqualTo(granted);
			assertThat(reporter.report()).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("ttl", granted.toString())
				.containsEntry("requestedTtl", "PT1S");
		});
		assertThat(registry.getRemainingTtl(registration)).isLessThanOrEqualTo(granted);
		assertThat(registry.getTtl()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void loadBalancedClientRoundRobinsAndStopsCallingAnInstanceThatShutDown() {
		ConfigurableApplicationContext backend1 = start("backend");
		ConfigurableApplicationContext backend2 = start("backend");
		ConfigurableApplicationContext caller = start("caller");
		DiscoveryClient discovery = caller.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("backend").size() == 2);
		assertThat(caller.getBean(LoadBalancerClientFactory.class)
			.getInstance("backend", ServiceInstanceListSupplier.class))
			.isInstanceOf(EtcdServiceInstanceListSupplier.class);
		RestClient client = caller.getBean(RestClient.Builder.class).build();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			seen.add(client.get().uri("http://backend/whoami").retrieve().body(String.class));
		}
		assertThat(seen).containsExactlyInAnyOrder(String.valueOf(TestApps.port(backend1)),
				String.valueOf(TestApps.port(backend2)));
		backend1.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> discovery.getInstances("backend").size() == 1);
		List<String> after = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			after.add(client.get().uri("http://backend/whoami").retrieve().body(String.class));
		}
		assertThat(after).containsOnly(String.valueOf(TestApps.port(backend2)));
	}

	@Test
	void loadBalancedClientFallsBackToOtherDiscoveryClientsForServicesEtcdDoesNotKnow() {
		ConfigurableApplicationContext backend = start("backend");
		ConfigurableApplicationContext caller = start("caller",
				"spring.cloud.discovery.client.simple.instances.listed[0].uri=http://127.0.0.1:"
						+ TestApps.port(backend));
		RestClient client = caller.getBean(RestClient.Builder.class).build();
		assertThat(client.get().uri("http://listed/whoami").retrieve().body(String.class))
			.isEqualTo(String.valueOf(TestApps.port(backend)));
	}

	@Test
	void registrationIsAnnouncedSoSpringCloudDiscoveryHealthIsInitialized() {
		ConfigurableApplicationContext alpha = start("alpha");
		DiscoveryClientHealthIndicator indicator = alpha.getBean("discoveryClientHealthIndicator",
				DiscoveryClientHealthIndicator.class);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void gracefulShutdownRemovesTheKeyAtOnce() {
		ConfigurableApplicationContext alpha = start("alpha");
		String key = keyOf(alpha);
		assertThat(this.etcd.get(key)).isPresent();
		alpha.close();
		assertThat(this.etcd.get(key)).isEmpty();
	}

	@Test
	void deregistrationHappensWhileTheWebServerStillServes() {
		ConfigurableApplicationContext alpha = start("alpha", "server.shutdown=graceful");
		String url = "http://127.0.0.1:" + TestApps.port(alpha) + "/whoami";
		List<String> servedAtDeregistration = new java.util.concurrent.CopyOnWriteArrayList<>();
		alpha.addApplicationListener(
				(org.springframework.context.ApplicationListener<EtcdRegistrationStateChangedEvent>) (event) -> {
					if (event.getState() == EtcdRegistrationState.UNREGISTERED) {
						servedAtDeregistration.add(RestClient.create().get().uri(url).retrieve().body(String.class));
					}
				});
		String key = keyOf(alpha);
		alpha.close();
		assertThat(this.etcd.get(key)).isEmpty();
		assertThat(servedAtDeregistration).containsExactly(String.valueOf(TestApps.port(alpha)));
	}

	@Test
	void crashedAppDisappearsAfterTheTtl() {
		ConfigurableApplicationContext observer = start("observer");
		ConfigurableApplicationContext crashing = start("crashing");
		String key = keyOf(crashing);
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("crashing").size() == 1);
		// The client vanishes without revoking: keep-alives stop, nothing is deleted.
		((DefaultEtcdClient) crashing.getBean(EtcdClient.class)).close();
		assertThat(this.etcd.get(key)).isPresent();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.etcd.get(key)).isEmpty();
			assertThat(discovery.getInstances("crashing")).isEmpty();
		});
	}

	@Test
	void readinessRefusingRemovesAndAcceptingRestoresTheKey() {
		ConfigurableApplicationContext observer = start("observer");
		ConfigurableApplicationContext alpha = start("alpha");
		String key = keyOf(alpha);
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("alpha").size() == 1);
		AvailabilityChangeEvent.publish(alpha, ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.etcd.get(key)).isEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> discovery.getInstances("alpha").isEmpty());
		AvailabilityChangeEvent.publish(alpha, ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.etcd.get(key)).isPresent();
		await().atMost(Duration.ofSeconds(5)).until(() -> discovery.getInstances("alpha").size() == 1);
	}

	@Test
	void keyDeletedByHandIsRewritten() {
		ConfigurableApplicationContext alpha = start("alpha");
		String key = keyOf(alpha);
		long lease = this.etcd.get(key).orElseThrow().leaseId();
		this.etcd.delete(key);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Optional<EtcdKeyValue> rewritten = this.etcd.get(key);
			assertThat(rewritten).isPresent();
			assertThat(rewritten.get().leaseId()).isEqualTo(lease);
		});
	}

	@Test
	void leaseRevokedBySomeoneElseIsGrantedAgain() {
		ConfigurableApplicationContext alpha = start("alpha");
		List<EtcdRegistrationStateChangedEvent> transitions = new java.util.concurrent.CopyOnWriteArrayList<>();
		alpha.addApplicationListener(
				(org.springframework.context.ApplicationListener<EtcdRegistrationStateChangedEvent>) transitions::add);
		EtcdServiceRegistry registry = alpha.getBean(EtcdServiceRegistry.class);
		EtcdRegistration registration = alpha.getBean(EtcdRegistration.class);
		long lease = registry.getLeaseId(registration);
		this.etcd.revokeLease(lease);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Optional<EtcdKeyValue> rewritten = this.etcd.get(registration.getKey());
			assertThat(rewritten).isPresent();
			assertThat(rewritten.get().leaseId()).isNotEqualTo(lease).isEqualTo(registry.getLeaseId(registration));
		});
		assertThat(registry.getRegrantCount()).isEqualTo(1);
		assertThat(transitions).extracting(EtcdRegistrationStateChangedEvent::getState)
			.containsExactly(EtcdRegistrationState.LEASE_LOST, EtcdRegistrationState.REGISTERED);
	}

	@Test
	void malformedValueUnderThePrefixDoesNotBreakDiscovery() {
		this.etcd.put(this.prefix + "/broken/at-startup", "{not json");
		ConfigurableApplicationContext observer = start("observer");
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		// Its own registration reaches its cache through the watch, after startup.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(discovery.getInstances("observer")).hasSize(1));
		this.etcd.put(this.prefix + "/broken/at-runtime", "{\"serviceId\":\"broken\"}");
		this.etcd.put(this.prefix + "/broken/no-object", "42");
		ConfigurableApplicationContext alpha = start("alpha");
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("alpha").size() == 1);
		assertThat(discovery.getServices()).containsExactly("alpha", "observer");
		assertThat(discovery.getInstances("broken")).isEmpty();
		assertThat(TestApps.port(alpha)).isPositive();
	}

	@Test
	void statusIsKeptInThePayloadAndAnInstanceNotUpLeavesDiscovery() {
		ConfigurableApplicationContext observer = start("observer");
		ConfigurableApplicationContext alpha = start("alpha");
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("alpha").size() == 1);
		EtcdServiceRegistry registry = alpha.getBean(EtcdServiceRegistry.class);
		EtcdRegistration registration = alpha.getBean(EtcdRegistration.class);
		registry.setStatus(registration, "OUT_OF_SERVICE");
		assertThat((String) registry.getStatus(registration)).isEqualTo("OUT_OF_SERVICE");
		EtcdInstancePayload payload = EtcdInstancePayloadCodec
			.read(this.etcd.get(registration.getKey()).orElseThrow().value());
		assertThat(payload.status()).isEqualTo("OUT_OF_SERVICE");
		await().atMost(Duration.ofSeconds(5)).until(() -> discovery.getInstances("alpha").isEmpty());
		registry.setStatus(registration, "UP");
		await().atMost(Duration.ofSeconds(5)).until(() -> discovery.getInstances("alpha").size() == 1);
	}

}
