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

package dev.etcdspring.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.config.ConfigTestApp.GreetingProperties;
import dev.etcdspring.serviceregistry.EtcdRegistration;
import dev.etcdspring.serviceregistry.EtcdRegistrationState;
import dev.etcdspring.serviceregistry.EtcdServiceRegistry;
import dev.etcdspring.test.EtcdGrpcProxy;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdMetrics;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import dev.etcdspring.watch.EtcdWatch;
import dev.etcdspring.watch.EtcdWatchAutoConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter through etcd's gRPC proxy ({@code etcd grpc-proxy start}), as a fleet runs
 * it: configuration import and live refresh, registration kept alive through the proxy's
 * lease keep-alives, discovery, {@code @EtcdWatch} on coalesced watches, a namespace
 * applied by the proxy, and a proxy restart. Applications only ever talk to the proxy;
 * the test writes and checks through etcd itself.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdGrpcProxyIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static EtcdGrpcProxy proxy;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final String root = "/proxy-tests-" + UUID.randomUUID().toString().substring(0, 8);

	private EtcdServer server;

	private DefaultEtcdClient etcd;

	@BeforeAll
	static void startProxy(EtcdServer server) {
		proxy = EtcdGrpcProxy.startFor(server);
	}

	@AfterAll
	static void stopProxy() {
		proxy.close();
	}

	@BeforeEach
	void setUp(EtcdServer server) {
		this.server = server;
		this.etcd = closeLater(EtcdTestClients.create(server.endpoints()));
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void configurationImportAndLiveRefreshGoThroughTheProxy() {
		this.etcd.put(this.root + "/config/orders/greeting/message", "one");
		ConfigurableApplicationContext app = start(proxy, "orders");
		GreetingProperties greeting = app.getBean(GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("one");
		this.etcd.put(this.root + "/config/orders/greeting/message", "two");
		await().atMost(PATIENCE).until(() -> "two".equals(greeting.getMessage()));
		this.etcd.delete(this.root + "/config/orders/greeting/message");
		await().atMost(PATIENCE).until(() -> "default".equals(greeting.getMessage()));
	}

	@Test
	void registrationIsKeptAliveAndDiscoveryFollowsThroughTheProxy() {
		ConfigurableApplicationContext alpha = start(proxy, "alpha");
		ConfigurableApplicationContext beta = start(proxy, "beta");
		String key = alpha.getBean(EtcdRegistration.class).getKey();
		EtcdKeyValue registered = this.etcd.get(key).orElseThrow();
		long lease = registered.leaseId();
		assertThat(lease)
			.isEqualTo(alpha.getBean(EtcdServiceRegistry.class).getLeaseId(alpha.getBean(EtcdRegistration.class)));
		assertThat(this.etcd.timeToLive(lease).granted()).isEqualTo(Duration.ofSeconds(2));
		// Three TTLs: only keep-alives relayed by the proxy hold the same lease that
		// long.
		await().during(Duration.ofSeconds(6))
			.atMost(PATIENCE)
			.until(() -> this.etcd.get(key).map(EtcdKeyValue::leaseId).orElse(0L) == lease);
		assertThat(alpha.getBean(EtcdServiceRegistry.class).getState(alpha.getBean(EtcdRegistration.class)))
			.isEqualTo(EtcdRegistrationState.REGISTERED);
		DiscoveryClient alphaDiscovery = alpha.getBean(DiscoveryClient.class);
		DiscoveryClient betaDiscovery = beta.getBean(DiscoveryClient.class);
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(alphaDiscovery.getInstances("beta")).extracting(ServiceInstance::getPort)
				.containsExactly(port(beta));
			assertThat(betaDiscovery.getInstances("alpha")).extracting(ServiceInstance::getPort)
				.containsExactly(port(alpha));
		});
		beta.close();
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(alphaDiscovery.getInstances("beta")).isEmpty());
	}

	@Test
	void crashedInstanceLeavesThroughTheProxy() {
		ConfigurableApplicationContext observer = start(proxy, "observer");
		ConfigurableApplicationContext crashing = start(proxy, "crashing");
		String key = crashing.getBean(EtcdRegistration.class).getKey();
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		await().atMost(PATIENCE).until(() -> discovery.getInstances("crashing").size() == 1);
		// Its connection to the proxy goes without a revoke: the proxy stops relaying
		// keep-alives for the lease, and etcd expires it.
		((DefaultEtcdClient) crashing.getBean(EtcdClient.class)).close();
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(this.etcd.get(key)).isEmpty();
			assertThat(discovery.getInstances("crashing")).isEmpty();
		});
	}

	@Test
	void etcdWatchMethodsSeeEveryChangeWithEtcdsOwnRevisions() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdWatchAutoConfiguration.class))
			.withPropertyValues("etcd.endpoints=" + proxy.endpoint(), "test.root=" + this.root)
			.withBean(Watcher.class)
			.run((context) -> {
				Watcher watcher = context.getBean(Watcher.class);
				List<Long> revisions = new ArrayList<>();
				IntStream.range(0, 50).forEach((i) -> revisions.add(this.etcd.put(this.root + "/key", "value-" + i)));
				this.etcd.put(this.root + "/elsewhere", "not watched");
				this.etcd.delete(this.root + "/key");
				this.etcd.transaction().put(this.root + "/prefix/a", "1").put(this.root + "/prefix/b", "2").commit();
				await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.events).hasSize(51));
				// The proxy relays etcd's revisions unchanged, in order, without repeats.
				assertThat(watcher.events.subList(0, 50)).extracting(EtcdWatchEvent::revision).isEqualTo(revisions);
				assertThat(watcher.events.subList(0, 50)).extracting(EtcdWatchEvent::value)
					.isEqualTo(IntStream.range(0, 50).mapToObj((i) -> "value-" + i).toList());
				EtcdWatchEvent delete = watcher.events.get(50);
				assertThat(delete.type()).isEqualTo(EtcdWatchEvent.Type.DELETE);
				assertThat(delete.revision()).isGreaterThan(revisions.get(49));
				assertThat(delete.previousValue()).isEqualTo("value-49");
				await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.transactions).hasSize(1));
				assertThat(watcher.transactions.get(0)).extracting(EtcdWatchEvent::key)
					.containsExactly(this.root + "/prefix/a", this.root + "/prefix/b");
			});
	}

	@Test
	void watchesOfManyClientsReachEtcdAsOneWatcher() {
		try (EtcdServer own = EtcdServer.builder().name("coalescing").start();
				EtcdGrpcProxy ownProxy = EtcdGrpcProxy.startFor(own)) {
			String key = this.root + "/shared";
			double before = watchers(own);
			List<List<String>> received = watchFromFiveClients(ownProxy.endpoint(), key);
			// The proxy serves the five watches from one watcher of its own in etcd.
			assertThat(watchers(own) - before).isEqualTo(1);
			long revision = closeLater(EtcdTestClients.create(own.endpoints())).put(key, "for-everyone");
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(received)
					.allSatisfy((values) -> assertThat(values).containsExactly("for-everyone@" + revision)));
			double direct = watchers(own);
			watchFromFiveClients(own.endpoint(), key);
			assertThat(watchers(own) - direct).isEqualTo(5);
		}
	}

	@Test
	void namespaceOfTheProxyPrefixesConfigurationRegistrationAndWatches() {
		try (EtcdGrpcProxy tenant = EtcdGrpcProxy.builder(this.server.endpoints())
			.namespace(this.root + "/tenant-a")
			.start()) {
			String inEtcd = this.root + "/tenant-a";
			this.etcd.put(inEtcd + this.root + "/config/orders/greeting/message", "namespaced");
			this.etcd.put(this.root + "/config/orders/greeting/other", "outside the namespace");
			ConfigurableApplicationContext app = start(tenant, "orders");
			GreetingProperties greeting = app.getBean(GreetingProperties.class);
			assertThat(greeting.getMessage()).isEqualTo("namespaced");
			assertThat(greeting.getOther()).isEqualTo("x");
			String key = app.getBean(EtcdRegistration.class).getKey();
			assertThat(key).startsWith(this.root + "/services/orders/");
			assertThat(this.etcd.get(inEtcd + key)).isPresent();
			assertThat(this.etcd.get(key)).isEmpty();
			this.etcd.put(inEtcd + this.root + "/config/orders/greeting/message", "changed");
			await().atMost(PATIENCE).until(() -> "changed".equals(greeting.getMessage()));
			FlagWatcher flags = app.getBean(FlagWatcher.class);
			this.etcd.put(this.root + "/flags/dark-mode", "outside the namespace");
			long revision = this.etcd.put(inEtcd + this.root + "/flags/dark-mode", "on");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(flags.values).containsExactly("on@" + revision));
			assertThat(app.getBean(DiscoveryClient.class).getInstances("orders")).extracting(ServiceInstance::getPort)
				.containsExactly(port(app));
		}
	}

	@Test
	void applicationsRideOutAProxyRestart() {
		try (EtcdGrpcProxy restarting = EtcdGrpcProxy.startFor(this.server)) {
			this.etcd.put(this.root + "/config/orders/greeting/message", "before");
			ConfigurableApplicationContext app = start(restarting, "orders");
			GreetingProperties greeting = app.getBean(GreetingProperties.class);
			FlagWatcher flags = app.getBean(FlagWatcher.class);
			String key = app.getBean(EtcdRegistration.class).getKey();
			restarting.stop();
			// Written while the application cannot reach etcd.
			this.etcd.put(this.root + "/config/orders/greeting/message", "during");
			long revision = this.etcd.put(this.root + "/flags/dark-mode", "on");
			restarting.start();
			await().atMost(PATIENCE).until(() -> "during".equals(greeting.getMessage()));
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(flags.values).containsExactly("on@" + revision));
			// The lease may have expired while the proxy was down: the key is back
			// either way.
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(this.etcd.get(key)).isPresent());
			EtcdServiceRegistry registry = app.getBean(EtcdServiceRegistry.class);
			await().atMost(PATIENCE)
				.until(() -> registry
					.getState(app.getBean(EtcdRegistration.class)) == EtcdRegistrationState.REGISTERED);
		}
	}

	private List<List<String>> watchFromFiveClients(String endpoint, String key) {
		List<List<String>> received = new ArrayList<>();
		List<EtcdWatchSubscription> subscriptions = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			List<String> values = new CopyOnWriteArrayList<>();
			received.add(values);
			DefaultEtcdClient client = closeLater(EtcdTestClients.create(endpoint));
			subscriptions.add(closeLater(
					client.watch(key, (event) -> values.add(event.value() + "@" + event.keyValue().modRevision()))));
		}
		await().atMost(PATIENCE).until(() -> subscriptions.stream().allMatch(EtcdWatchSubscription::isActive));
		return received;
	}

	private static double watchers(EtcdServer server) {
		return EtcdMetrics.scrape(server.metricsUri()).sum("etcd_debugging_mvcc_watcher_total");
	}

	private ConfigurableApplicationContext start(EtcdGrpcProxy through, String name) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ProxyApp.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.application.name=" + name, "etcd.endpoints=" + through.endpoint(),
					"spring.config.import=etcd:", "etcd.config.prefix=" + this.root + "/config",
					"etcd.discovery.prefix=" + this.root + "/services", "etcd.registration.host=127.0.0.1",
					"etcd.registration.ttl=2s", "etcd.request-timeout=2s", "test.root=" + this.root,
					"spring.main.banner-mode=off", "spring.jmx.enabled=false")
			.run();
		return closeLater(context);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private <T extends AutoCloseable> T closeLater(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableConfigurationProperties(GreetingProperties.class)
	static class ProxyApp {

		@Bean
		FlagWatcher flagWatcher() {
			return new FlagWatcher();
		}

	}

	static class FlagWatcher {

		final List<String> values = new CopyOnWriteArrayList<>();

		@EtcdWatch("${test.root}/flags/dark-mode")
		void onChange(EtcdWatchEvent event) {
			this.values.add(event.value() + "@" + event.revision());
		}

	}

	static class Watcher {

		final List<EtcdWatchEvent> events = new CopyOnWriteArrayList<>();

		final List<List<EtcdWatchEvent>> transactions = new CopyOnWriteArrayList<>();

		@EtcdWatch("${test.root}/key")
		void onEvent(EtcdWatchEvent event) {
			this.events.add(event);
		}

		@EtcdWatch(key = "${test.root}/prefix/", prefix = true)
		void onRevision(List<EtcdWatchEvent> events) {
			this.transactions.add(events);
		}

	}

}
