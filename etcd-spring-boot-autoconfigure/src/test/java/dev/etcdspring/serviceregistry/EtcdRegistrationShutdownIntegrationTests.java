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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.serviceregistry.EtcdLeasedRegistration.Step;
import dev.etcdspring.serviceregistry.EtcdLeasedRegistration.StepHook;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A shutdown (context close, SIGTERM) that arrives while the instance is registering:
 * whichever step the registration has reached, it leaves neither its key nor a lease in
 * etcd, and no attempt runs after it stopped. A step hook stops the registration between
 * two steps, or makes the next step fail the way jetcd does once the JVM is shutting down
 * ("Shutdown in progress"). A separate client checks what is left in etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdRegistrationShutdownIntegrationTests {

	private final String prefix = TestApps.uniquePrefix();

	private final List<Reached> reached = new CopyOnWriteArrayList<>();

	private String endpoint;

	private DefaultEtcdClient etcd;

	private @Nullable DefaultEtcdClient client;

	private @Nullable EtcdServiceRegistry registry;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.endpoint = server.endpoint();
		this.etcd = EtcdTestClients.create(server.endpoints());
	}

	@AfterEach
	void tearDown() {
		if (this.registry != null) {
			this.registry.close();
			this.client.close();
		}
		this.etcd.close();
	}

	private EtcdServiceRegistry registry() {
		this.client = EtcdTestClients.create(this.endpoint);
		this.registry = new EtcdServiceRegistry(this.client, Duration.ofSeconds(30), null);
		return this.registry;
	}

	@ParameterizedTest
	@EnumSource(Step.class)
	void deregisteringBetweenTwoStepsLeavesNothingBehind(Step stopAt) throws Exception {
		EtcdServiceRegistry registry = registry();
		EtcdRegistration registration = registration("stop-at-" + stopAt);
		CompletableFuture<Void> deregistered = new CompletableFuture<>();
		registry.setStepHook(recording((leased, step, lease) -> {
			if (step == stopAt && !deregistered.isDone()) {
				CompletableFuture.runAsync(() -> registry.deregister(registration))
					.whenComplete((result, failure) -> deregistered.complete(null));
				await().atMost(Duration.ofSeconds(10)).until(leased::isStopping);
			}
		}));
		registry.register(registration);
		deregistered.get(30, TimeUnit.SECONDS);
		assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.UNREGISTERED);
		assertNothingLeftOf(registration);
		assertThat(this.reached).last().extracting(Reached::step).isEqualTo(stopAt);
	}

	@ParameterizedTest
	@EnumSource(Step.class)
	void stepFailingBecauseOfTheShutdownLeavesNothingBehind(Step failAt) throws Exception {
		EtcdServiceRegistry registry = registry();
		EtcdRegistration registration = registration("fail-at-" + failAt);
		CompletableFuture<Void> deregistered = new CompletableFuture<>();
		registry.setStepHook(recording((leased, step, lease) -> {
			if (step == failAt && !deregistered.isDone()) {
				CompletableFuture.runAsync(() -> registry.deregister(registration))
					.whenComplete((result, failure) -> deregistered.complete(null));
				// As jetcd did once the JVM was shutting down.
				throw new IllegalStateException("Shutdown in progress");
			}
		}));
		registry.register(registration);
		deregistered.get(30, TimeUnit.SECONDS);
		assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.UNREGISTERED);
		assertNothingLeftOf(registration);
	}

	@ParameterizedTest
	@EnumSource(value = Step.class, names = { "KEY_WRITTEN", "KEEP_ALIVE_STARTED" })
	void contextClosedWhileRegisteringLeavesNothingBehind(Step closeAt) throws Exception {
		AtomicReference<ConfigurableApplicationContext> app = new AtomicReference<>();
		CompletableFuture<Void> closed = new CompletableFuture<>();
		StepHook hook = recording((leased, step, lease) -> {
			if (step == closeAt && !closed.isDone()) {
				CompletableFuture.runAsync(() -> app.get().close())
					.whenComplete((result, failure) -> closed.complete(null));
				await().atMost(Duration.ofSeconds(10)).until(leased::isStopping);
			}
		});
		ConfigurableApplicationContext context = TestApps.start(this.endpoint, this.prefix, "closing",
				(initialized) -> {
					app.set(initialized);
					initialized.getBeanFactory().addBeanPostProcessor(stepHookInstaller(hook));
				}, "etcd.discovery.enabled=false", "etcd.registration.ttl=30s");
		closed.get(30, TimeUnit.SECONDS);
		assertThat(context.isActive()).isFalse();
		assertNothingLeftOf(this.reached.get(0).key());
		// The shutdown did not wait for the registration to finish first.
		assertThat(this.reached).last().extracting(Reached::step).isEqualTo(closeAt);
	}

	@ParameterizedTest
	@EnumSource(value = Step.class, names = { "KEY_WRITTEN", "KEEP_ALIVE_STARTED" })
	void contextClosedWhileTheNextCallFailsForShutdownLeavesNothingBehind(Step failAt) throws Exception {
		AtomicReference<ConfigurableApplicationContext> app = new AtomicReference<>();
		CompletableFuture<Void> closed = new CompletableFuture<>();
		StepHook hook = recording((leased, step, lease) -> {
			if (step == failAt && !closed.isDone()) {
				CompletableFuture.runAsync(() -> app.get().close())
					.whenComplete((result, failure) -> closed.complete(null));
				throw new IllegalStateException("Shutdown in progress");
			}
		});
		ConfigurableApplicationContext context = TestApps.start(this.endpoint, this.prefix, "failing",
				(initialized) -> {
					app.set(initialized);
					initialized.getBeanFactory().addBeanPostProcessor(stepHookInstaller(hook));
				}, "etcd.discovery.enabled=false", "etcd.registration.ttl=30s");
		closed.get(30, TimeUnit.SECONDS);
		assertThat(context.isActive()).isFalse();
		assertNothingLeftOf(this.reached.get(0).key());
	}

	/**
	 * No key, none of the leases any attempt granted (each grant reaches the hook at
	 * once), and no attempt afterwards: a retry would grant a lease and reach the hook
	 * again.
	 */
	private void assertNothingLeftOf(EtcdRegistration registration) {
		assertNothingLeftOf(registration.getKey());
	}

	private void assertNothingLeftOf(String key) {
		int attemptsAtStop = this.reached.size();
		List<Long> leases = this.reached.stream().map(Reached::lease).distinct().toList();
		assertThat(leases).isNotEmpty();
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.etcd.get(key)).isEmpty();
			assertThat(this.reached).hasSize(attemptsAtStop);
		});
		for (long lease : leases) {
			assertThat(this.etcd.timeToLive(lease).exists()).as("lease %s exists", Long.toHexString(lease)).isFalse();
		}
	}

	private StepHook recording(StepHook hook) {
		return (leased, step, lease) -> {
			this.reached.add(new Reached(leased.key(), step, lease));
			hook.reached(leased, step, lease);
		};
	}

	private EtcdRegistration registration(String name) {
		return new EtcdRegistration(this.prefix, name, null, "127.0.0.1", 8080, false, Map.of());
	}

	private static BeanPostProcessor stepHookInstaller(StepHook hook) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof EtcdServiceRegistry registry) {
					registry.setStepHook(hook);
				}
				return bean;
			}

		};
	}

	private record Reached(String key, Step step, long lease) {

	}

}
