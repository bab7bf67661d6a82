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

package dev.etcdspring.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdTransaction;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.config.refresh.EtcdConfigRefreshHistory;
import dev.etcdspring.config.refresh.EtcdConfigStateReporter;
import dev.etcdspring.test.EtcdCluster;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code etcd:} import and runtime refresh against a real etcd.
 */
@EtcdIntegrationTest
class EtcdConfigDataIntegrationTests {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private String root;

	private EtcdClient etcd;

	private EtcdServer server;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.server = server;
		this.root = "/t" + UUID.randomUUID().toString().substring(0, 8);
		this.etcd = client(server.endpoints());
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	private EtcdClient client(List<String> endpoints) {
		DefaultEtcdClient client = EtcdTestClients.create(endpoints, Duration.ofSeconds(3));
		this.closeables.add(client);
		return client;
	}

	private ConfigurableApplicationContext run(List<String> endpoints, String... properties) {
		List<String> all = new ArrayList<>(List.of("etcd.config.prefix=" + this.root));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = ConfigTestApp.run(endpoints, all.toArray(String[]::new));
		this.closeables.add(context);
		return context;
	}

	private ConfigurableApplicationContext run(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.config.import=etcd:"));
		all.addAll(List.of(properties));
		return run(this.server.endpoints(), all.toArray(String[]::new));
	}

	@Test
	void precedenceAcrossFourContextsAndTwoProfiles() {
		String[] contexts = { "application", "application,p1", "application,p2", "orders", "orders,p1", "orders,p2" };
		String[] keys = { "f", "e", "d", "c", "b", "a" };
		// key keys[i] is present in contexts[0..i]
		for (int i = 0; i < keys.length; i++) {
			for (int c = 0; c <= i; c++) {
				this.etcd.put(this.root + "/" + contexts[c] + "/prec/" + keys[i], contexts[c]);
			}
		}
		Environment env = run("spring.profiles.active=p1,p2").getEnvironment();
		List<String> names = new ArrayList<>();
		((org.springframework.core.env.ConfigurableEnvironment) env).getPropertySources()
			.forEach((source) -> names.add(source.getName()));
		assertThat(env.getProperty("prec.a")).as(names.toString()).isEqualTo("orders,p2");
		assertThat(env.getProperty("prec.b")).isEqualTo("orders,p1");
		assertThat(env.getProperty("prec.c")).isEqualTo("orders");
		assertThat(env.getProperty("prec.d")).isEqualTo("application,p2");
		assertThat(env.getProperty("prec.e")).isEqualTo("application,p1");
		assertThat(env.getProperty("prec.f")).isEqualTo("application");
	}

	@Test
	void keyValueSlashAndDotForms() {
		this.etcd.put(this.root + "/orders/greeting/message", "slash");
		this.etcd.put(this.root + "/orders/greeting.other", "dot");
		ConfigTestApp.GreetingProperties greeting = run().getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("slash");
		assertThat(greeting.getOther()).isEqualTo("dot");
	}

	@Test
	void yamlFormat() {
		this.etcd.put(this.root + "/orders/data", "greeting:\n  message: from-yaml\nlist:\n  - a\n  - b\n");
		Environment env = run("etcd.config.format=yaml").getEnvironment();
		assertThat(env.getProperty("greeting.message")).isEqualTo("from-yaml");
		assertThat(env.getProperty("list[1]")).isEqualTo("b");
	}

	@Test
	void propertiesFormat() {
		this.etcd.put(this.root + "/orders/data", "greeting.message=from-properties\nlimit.max=7\n");
		Environment env = run("etcd.config.format=properties").getEnvironment();
		assertThat(env.getProperty("greeting.message")).isEqualTo("from-properties");
		assertThat(env.getProperty("limit.max")).isEqualTo("7");
	}

	@Test
	void jsonFormat() {
		this.etcd.put(this.root + "/orders/data", "{\"greeting\": {\"message\": \"from-json\"}, \"list\": [1, 2]}");
		Environment env = run("etcd.config.format=json").getEnvironment();
		assertThat(env.getProperty("greeting.message")).isEqualTo("from-json");
		assertThat(env.getProperty("list[1]")).isEqualTo("2");
	}

	@Test
	void malformedDocumentFailsStartupNamingKeyAndLine() {
		this.etcd.put(this.root + "/orders/data", "greeting:\n  message: ok\n bad: [unclosed\n");
		assertThatThrownBy(() -> run("etcd.config.format=yaml")).hasStackTraceContaining(this.root + "/orders/data")
			.hasStackTraceContaining("line 3");
	}

	@Test
	void explicitContexts() {
		this.etcd.put(this.root + "/shared/greeting/message", "shared");
		this.etcd.put(this.root + "/shared/greeting/other", "shared-other");
		this.etcd.put(this.root + "/own/greeting/message", "own");
		Environment env = run(this.server.endpoints(),
				"spring.config.import=etcd:" + this.root + "/shared;" + this.root + "/own")
			.getEnvironment();
		assertThat(env.getProperty("greeting.message")).isEqualTo("own");
		assertThat(env.getProperty("greeting.other")).isEqualTo("shared-other");
	}

	@Test
	void oneClientSharedByLoaderAndContext() {
		ConfigurableApplicationContext context = run();
		assertThat(context.getBeansOfType(EtcdClient.class)).hasSize(1);
		assertThat(context.getBeansOfType(Client.class)).hasSize(1);
		assertThat(context.getBean(Client.class)).isSameAs(context.getBean(EtcdClient.class).jetcd());
	}

	@Test
	void failFastWithEtcdDownNamesEndpoints() {
		List<String> down = List.of("http://127.0.0.1:1");
		long start = System.nanoTime();
		assertThatThrownBy(() -> run(down, "spring.config.import=etcd:", "etcd.request-timeout=1s",
				"etcd.config.retry.max-attempts=3", "etcd.config.retry.initial-interval=100ms"))
			.satisfies((ex) -> {
				// Bounded: 3 attempts of at most 1s each plus the backoff, with a
				// generous margin.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
				FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("http://127.0.0.1:1")
					.contains("etcd:")
					.contains("Attempts: 3");
				assertThat(analysis.getAction()).contains("optional:etcd:");
			});
	}

	@Test
	void optionalWithEtcdDownStartsOnLocalConfiguration() {
		ConfigurableApplicationContext context = run(List.of("http://127.0.0.1:1"),
				"spring.config.import=optional:etcd:", "etcd.request-timeout=1s", "greeting.message=local");
		assertThat(context.getBean(ConfigTestApp.GreetingProperties.class).getMessage()).isEqualTo("local");
	}

	@Test
	void putReachesPropertiesAndRefreshScopeDeleteFallsBackUnrelatedNotRebound() {
		this.etcd.put(this.root + "/orders/greeting/message", "one");
		ConfigurableApplicationContext context = run();
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		ConfigTestApp.OtherProperties other = context.getBean(ConfigTestApp.OtherProperties.class);
		ConfigTestApp.Greeter greeter = context.getBean(ConfigTestApp.Greeter.class);
		assertThat(greeting.getMessage()).isEqualTo("one");
		assertThat(greeter.message()).isEqualTo("one");
		int binds = other.getBinds();
		List<Set<String>> events = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<EnvironmentChangeEvent>) (e) -> events.add(e.getKeys()));
		this.etcd.put(this.root + "/orders/greeting/message", "two");
		await().atMost(Duration.ofSeconds(10)).until(() -> "two".equals(greeting.getMessage()));
		await().atMost(Duration.ofSeconds(10)).until(() -> "two".equals(greeter.message()));
		assertThat(events).contains(Set.of("greeting.message"));
		this.etcd.delete(this.root + "/orders/greeting/message");
		await().atMost(Duration.ofSeconds(10)).until(() -> "default".equals(greeting.getMessage()));
		assertThat(greeter.message()).isEqualTo("none");
		assertThat(other.getBinds()).isEqualTo(binds);
		EtcdConfigStateReporter reporter = context.getBean(EtcdConfigStateReporter.class);
		assertThat(reporter.section()).isEqualTo("config");
		assertThat(reporter.report()).containsKeys("contexts", "refreshes");
	}

	@Test
	void changeEventListenersSeeTheReboundBeans() {
		this.etcd.put(this.root + "/orders/greeting/message", "one");
		ConfigurableApplicationContext context = run();
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		List<String> seenByListener = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<EnvironmentChangeEvent>) (e) -> {
			if (e.getKeys().contains("greeting.message")) {
				seenByListener.add(greeting.getMessage());
			}
		});
		this.etcd.put(this.root + "/orders/greeting/message", "two");
		await().atMost(Duration.ofSeconds(10)).until(() -> !seenByListener.isEmpty());
		assertThat(seenByListener).containsExactly("two");
	}

	@Test
	void changeIsAppliedWhileAnotherWatchsListenerHoldsEveryCallbackThread() throws InterruptedException {
		this.etcd.put(this.root + "/orders/greeting/message", "one");
		ConfigurableApplicationContext context = run("etcd.delivery.threads=1");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		EtcdClient client = context.getBean(EtcdClient.class);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (EtcdWatchSubscription slow = client.watch(this.root + "-slow", (event) -> {
			entered.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
		})) {
			this.etcd.put(this.root + "-slow", "holds the only callback thread");
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			this.etcd.put(this.root + "/orders/greeting/message", "two");
			await().atMost(Duration.ofSeconds(10)).until(() -> "two".equals(greeting.getMessage()));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void largeContextIsHeldInPartsThatKeysAreAddedToAndRemovedFrom() {
		for (int batch = 0; batch < 30; batch++) {
			// etcd takes at most 128 operations per transaction by default
			EtcdTransaction bulk = this.etcd.transaction();
			for (int i = batch * 100; i < (batch + 1) * 100; i++) {
				bulk.put(this.root + "/orders/bulk/key" + i, "value-" + i);
			}
			bulk.commit();
		}
		this.etcd.put(this.root + "/orders/greeting/message", "one");
		ConfigurableApplicationContext context = run();
		ConfigurableEnvironment env = context.getEnvironment();
		assertThat(env.getPropertySources().stream().map(PropertySource::getName)).containsSubsequence(
				"etcd:" + this.root + "/orders", "etcd:" + this.root + "/orders (part 2 of 4)",
				"etcd:" + this.root + "/orders (part 4 of 4)");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("one");
		assertThat(Binder.get(env).bind("bulk", Bindable.mapOf(String.class, String.class)).get()).hasSize(3000);

		// Added with a change to a bound property, in one transaction: both or neither.
		this.etcd.transaction()
			.put(this.root + "/orders/extra/added", "new")
			.put(this.root + "/orders/greeting/message", "two")
			.commit();
		await().atMost(Duration.ofSeconds(10)).until(() -> "two".equals(greeting.getMessage()));
		assertThat(env.getProperty("extra.added")).isEqualTo("new");

		this.etcd.transaction()
			.delete(this.root + "/orders/extra/added")
			.delete(this.root + "/orders/bulk/key7")
			.put(this.root + "/orders/greeting/message", "three")
			.commit();
		await().atMost(Duration.ofSeconds(10)).until(() -> "three".equals(greeting.getMessage()));
		assertThat(env.getProperty("extra.added")).isNull();
		assertThat(env.getProperty("bulk.key7")).isNull();
		assertThat(env.getProperty("bulk.key8")).isEqualTo("value-8");
		assertThat(Binder.get(env).bind("bulk", Bindable.mapOf(String.class, String.class)).get()).hasSize(2999)
			.doesNotContainKey("key7");
	}

	@Test
	void transactionIsNeverSeenHalfApplied() throws Exception {
		this.etcd.put(this.root + "/orders/pair/a", "0");
		this.etcd.put(this.root + "/orders/pair/b", "0");
		ConfigurableApplicationContext context = run();
		Environment env = context.getEnvironment();
		List<Set<String>> events = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<EnvironmentChangeEvent>) (e) -> events.add(e.getKeys()));
		AtomicBoolean stop = new AtomicBoolean();
		AtomicReference<String> mixed = new AtomicReference<>();
		ConfigTestApp.Pair pair = context.getBean(ConfigTestApp.Pair.class);
		AtomicInteger beanReads = new AtomicInteger();
		Thread reader = new Thread(() -> {
			while (!stop.get() && mixed.get() == null) {
				// The @RefreshScope bean is swapped whole: one call reads one instance.
				String[] both = pair.describe().split("/", -1);
				beanReads.incrementAndGet();
				if (!both[0].equals(both[1])) {
					mixed.set("bean " + both[0] + "/" + both[1]);
				}
				// a, b, a: when both reads of a agree, b was read from a state with that
				// a
				String a1 = env.getProperty("pair.a");
				String b = env.getProperty("pair.b");
				String a2 = env.getProperty("pair.a");
				if (a1 != null && a1.equals(a2) && !a1.equals(b)) {
					mixed.set(a1 + "/" + b);
				}
			}
		});
		reader.start();
		int rounds = 300;
		for (int i = 1; i <= rounds; i++) {
			String value = Integer.toString(i);
			this.etcd.transaction()
				.put(this.root + "/orders/pair/a", value)
				.put(this.root + "/orders/pair/b", value)
				.commit();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> Integer.toString(rounds).equals(env.getProperty("pair.b")));
		stop.set(true);
		reader.join(10_000);
		assertThat(mixed.get()).isNull();
		assertThat(beanReads.get()).isPositive();
		assertThat(pair.describe()).isEqualTo(rounds + "/" + rounds);
		assertThat(events).isNotEmpty().allSatisfy((keys) -> assertThat(keys).contains("pair.a", "pair.b"));
	}

	@Test
	void invalidValueRejectedThenValidApplied() {
		ConfigurableApplicationContext context = run();
		ConfigTestApp.LimitProperties limit = context.getBean(ConfigTestApp.LimitProperties.class);
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		this.etcd.put(this.root + "/orders/limit/max", "20");
		await().atMost(Duration.ofSeconds(10)).until(() -> limit.getMax() == 20);
		this.etcd.put(this.root + "/orders/limit/max", "500");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> history.refreshes().get(0).outcome() == EtcdConfigRefreshHistory.Outcome.REJECTED);
		assertThat(history.refreshes().get(0).reason()).contains("limit.max")
			.contains("must be less than or equal to 100")
			.doesNotContain("500");
		assertThat(limit.getMax()).isEqualTo(20);
		assertThat(context.getEnvironment().getProperty("limit.max")).isEqualTo("20");
		int refreshes = history.refreshes().size();
		this.etcd.put(this.root + "/orders/limit/max", "not-a-number");
		await().atMost(Duration.ofSeconds(10)).until(() -> history.refreshes().size() > refreshes);
		EtcdConfigRefreshHistory.Refresh rejected = history.refreshes().get(0);
		assertThat(rejected.outcome()).isEqualTo(EtcdConfigRefreshHistory.Outcome.REJECTED);
		assertThat(rejected.keys()).contains("limit.max");
		// The property and the reason, never the value (which may be a password).
		assertThat(rejected.reason()).contains("limit.max").doesNotContain("not-a-number");
		assertThat(limit.getMax()).isEqualTo(20);
		this.etcd.put(this.root + "/orders/limit/max", "30");
		await().atMost(Duration.ofSeconds(10)).until(() -> limit.getMax() == 30);
	}

	@Test
	void changeWhileDisconnectedIsAppliedAfterReconnect() {
		EtcdCluster cluster = EtcdCluster.start(3);
		this.closeables.add(cluster);
		EtcdServer first = cluster.member(0);
		EtcdClient writer = client(List.of(cluster.member(1).endpoint()));
		writer.put(this.root + "/orders/greeting/message", "before");
		ConfigurableApplicationContext context = run(List.of(first.endpoint()), "spring.config.import=etcd:");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("before");
		first.stop();
		writer.put(this.root + "/orders/greeting/message", "during");
		assertThat(greeting.getMessage()).isEqualTo("before");
		first.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> "during".equals(greeting.getMessage()));
	}

	@Test
	void compactionPastTheAppsRevisionReloadsEverything() {
		EtcdServer own = EtcdServer.startNew();
		this.closeables.add(own);
		EtcdClient writer = client(own.endpoints());
		writer.put(this.root + "/orders/greeting/message", "before");
		writer.put(this.root + "/orders/greeting/other", "gone-soon");
		ConfigurableApplicationContext context = run(own.endpoints(), "spring.config.import=etcd:");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getOther()).isEqualTo("gone-soon");
		own.stop();
		// written and compacted while the app's watch cannot see it
		own.start();
		EtcdClient writer2 = client(own.endpoints());
		writer2.put(this.root + "/orders/greeting/message", "after");
		writer2.delete(this.root + "/orders/greeting/other");
		long revision = writer2.put(this.root + "/orders/unrelated/value", "new");
		writer2.compact(revision);
		await().atMost(Duration.ofSeconds(30)).until(() -> "after".equals(greeting.getMessage()));
		await().atMost(Duration.ofSeconds(10)).until(() -> "x".equals(greeting.getOther()));
		assertThat(context.getBean(ConfigTestApp.OtherProperties.class).getValue()).isEqualTo("new");
	}

	@Test
	void optionalImportAppliesEtcdOnceItStarts() {
		EtcdServer own = EtcdServer.startNew();
		this.closeables.add(own);
		own.stop();
		ConfigurableApplicationContext context = run(own.endpoints(), "spring.config.import=optional:etcd:",
				"etcd.request-timeout=1s", "etcd.retry.max-interval=200ms", "greeting.message=local");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("local");
		own.start();
		client(own.endpoints()).put(this.root + "/orders/greeting/other", "from-etcd");
		await().atMost(Duration.ofSeconds(30)).until(() -> "from-etcd".equals(greeting.getOther()));
	}

	@Test
	void endpointInTheLocationWinsOverEtcdEndpoints() {
		this.etcd.put(this.root + "/orders/greeting/message", "from-location-endpoint");
		String hostPort = this.server.endpointUri().getHost() + ":" + this.server.endpointUri().getPort();
		ConfigurableApplicationContext context = run(List.of("http://127.0.0.1:1"),
				"spring.config.import=etcd:" + hostPort);
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("from-location-endpoint");
		assertThat(context.getBean(EtcdClient.class).endpoints()).containsExactly("http://" + hostPort);
		this.etcd.put(this.root + "/orders/greeting/message", "changed");
		await().atMost(Duration.ofSeconds(10)).until(() -> "changed".equals(greeting.getMessage()));
	}

	@Test
	void lazyPropertiesBeanFirstUsedAfterStartupIsRebound() {
		this.etcd.put(this.root + "/orders/lazy/value", "one");
		ConfigurableApplicationContext context = run();
		// still lazy once the application is ready
		assertThat(context.getBeanFactory().containsSingleton("lazyProperties")).isFalse();
		ConfigTestApp.LazyProperties lazy = context.getBean(ConfigTestApp.LazyProperties.class);
		assertThat(lazy.getValue()).isEqualTo("one");
		this.etcd.put(this.root + "/orders/lazy/value", "two");
		await().atMost(Duration.ofSeconds(10)).until(() -> "two".equals(lazy.getValue()));
		this.etcd.delete(this.root + "/orders/lazy/value");
		await().atMost(Duration.ofSeconds(10)).until(() -> "lazy-default".equals(lazy.getValue()));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void immutablePropertiesBeanIsReportedOnceWithTheRemedy(CapturedOutput output) {
		this.etcd.put(this.root + "/orders/fixed/value", "loaded");
		ConfigurableApplicationContext context = run();
		ConfigTestApp.FixedProperties fixed = context.getBean(ConfigTestApp.FixedProperties.class);
		assertThat(fixed.value()).isEqualTo("loaded");
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		this.etcd.put(this.root + "/orders/fixed/value", "changed");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !history.refreshes().isEmpty() && history.refreshes().get(0).keys().contains("fixed.value"));
		String warning = "@ConfigurationProperties bean 'fixed-" + ConfigTestApp.FixedProperties.class.getName() + "'";
		assertThat(output.getAll()).containsOnlyOnce(warning);
		assertThat(output.getAll()).contains("is immutable").contains("@RefreshScope");
		assertThat(context.getBean(ConfigTestApp.FixedProperties.class).value()).isEqualTo("loaded");
	}

	@Test
	void changeThatDoesNotAlterTheEffectiveValueIsANoOp() {
		this.etcd.put(this.root + "/orders/greeting/message", "own");
		ConfigurableApplicationContext context = run();
		List<Set<String>> events = new CopyOnWriteArrayList<>();
		context.addApplicationListener((ApplicationListener<EnvironmentChangeEvent>) (e) -> events.add(e.getKeys()));
		// shadowed by the application's own context, then the same value again
		this.etcd.put(this.root + "/application/greeting/message", "shared");
		this.etcd.put(this.root + "/orders/greeting/message", "own");
		this.etcd.put(this.root + "/orders/greeting/other", "sentinel");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> "sentinel".equals(greeting.getOther()));
		assertThat(events).containsExactly(Set.of("greeting.other"));
		assertThat(greeting.getMessage()).isEqualTo("own");
	}

	@Test
	void changeMadeWhileTheApplicationStartsIsApplied() {
		ApplicationListener<ApplicationStartedEvent> writer = (event) -> event.getApplicationContext()
			.getBean(EtcdClient.class)
			.put(this.root + "/orders/greeting/message", "written-during-startup");
		ConfigurableApplicationContext context = ConfigTestApp
			.builder(this.server.endpoints(), "spring.config.import=etcd:", "etcd.config.prefix=" + this.root)
			.listeners(writer)
			.run();
		this.closeables.add(context);
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> "written-during-startup".equals(greeting.getMessage()));
	}

}
