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
import java.util.UUID;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.config.refresh.EtcdConfigRefreshHistory;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.logging.LoggingRebinder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log levels and changes from etcd: a change that cannot concern a level leaves the
 * levels alone (one set at runtime too), a change of a level or of a name a level refers
 * to applies it, and an application's own {@link LoggingRebinder} is used as it is.
 */
@EtcdIntegrationTest
class EtcdConfigLoggingLevelsIntegrationTests {

	private static final String LOGGER = "dev.etcdspring.config.levels.probe";

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

	private String root;

	private DefaultEtcdClient etcd;

	private EtcdServer server;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.server = server;
		this.root = "/l" + UUID.randomUUID().toString().substring(0, 8);
		this.etcd = EtcdTestClients.create(server.endpoints(), Duration.ofSeconds(3));
		this.closeables.add(this.etcd);
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		for (String suffix : new String[] { ".a", ".b", ".c" }) {
			this.logging.setLogLevel(LOGGER + suffix, null);
		}
	}

	private ConfigurableApplicationContext run(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.config.import=etcd:", "etcd.config.prefix=" + this.root));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = ConfigTestApp.run(this.server.endpoints(), all.toArray(String[]::new));
		this.closeables.add(context);
		return context;
	}

	private LogLevel level(String logger) {
		return this.logging.getLoggerConfiguration(logger).getEffectiveLevel();
	}

	/**
	 * Put a greeting and wait until the change it makes was applied as a whole (its
	 * refresh recorded), not only visible in the rebound bean.
	 */
	private void changeGreeting(ConfigurableApplicationContext context, String message) {
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		this.etcd.put(this.root + "/orders/greeting/message", message);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> history.refreshes()
				.stream()
				.anyMatch((refresh) -> refresh.keys().contains("greeting.message")
						&& refresh.outcome() == EtcdConfigRefreshHistory.Outcome.APPLIED
						&& message.equals(context.getBean(ConfigTestApp.GreetingProperties.class).getMessage())));
	}

	@Test
	void changeOfAnotherNameKeepsALevelSetAtRuntime() {
		this.etcd.put(this.root + "/orders/logging/level/" + LOGGER + ".a", "WARN");
		this.etcd.put(this.root + "/orders/greeting/message", "one");
		ConfigurableApplicationContext context = run();
		assertThat(context.getBean(LoggingRebinder.class).getClass().getSimpleName())
			.isEqualTo("EtcdConfigLoggingRebinder");
		assertThat(level(LOGGER + ".a")).isEqualTo(LogLevel.WARN);
		changeGreeting(context, "two"); // the first change binds the levels in full
		// as /actuator/loggers does
		this.logging.setLogLevel(LOGGER + ".a", LogLevel.DEBUG);
		changeGreeting(context, "three");
		assertThat(level(LOGGER + ".a")).isEqualTo(LogLevel.DEBUG);
		// a change of a level applies every configured level, as Spring Cloud's does
		this.etcd.put(this.root + "/orders/logging/level/" + LOGGER + ".b", "ERROR");
		await().atMost(Duration.ofSeconds(10)).until(() -> level(LOGGER + ".b") == LogLevel.ERROR);
		assertThat(level(LOGGER + ".a")).isEqualTo(LogLevel.WARN);
		this.etcd.put(this.root + "/orders/logging/level/" + LOGGER + ".a", "ERROR");
		await().atMost(Duration.ofSeconds(10)).until(() -> level(LOGGER + ".a") == LogLevel.ERROR);
	}

	@Test
	void levelReferringToAChangedNameIsApplied() {
		this.etcd.put(this.root + "/orders/probe/level", "WARN");
		ConfigurableApplicationContext context = run("logging.level." + LOGGER + ".c=${probe.level:INFO}");
		assertThat(level(LOGGER + ".c")).isEqualTo(LogLevel.WARN);
		changeGreeting(context, "two");
		this.etcd.put(this.root + "/orders/probe/level", "ERROR");
		await().atMost(Duration.ofSeconds(10)).until(() -> level(LOGGER + ".c") == LogLevel.ERROR);
		this.etcd.delete(this.root + "/orders/probe/level");
		await().atMost(Duration.ofSeconds(10)).until(() -> level(LOGGER + ".c") == LogLevel.INFO);
	}

	@Test
	void applicationsOwnLoggingRebinderIsUsedForEveryChange() {
		this.etcd.put(this.root + "/orders/greeting/message", "one");
		List<EnvironmentChangeEvent> seen = new ArrayList<>();
		ConfigurableApplicationContext context = ConfigTestApp
			.builder(this.server.endpoints(), "spring.config.import=etcd:", "etcd.config.prefix=" + this.root)
			.initializers((app) -> app.getBeanFactory().registerSingleton("myLoggingRebinder", new LoggingRebinder() {

				@Override
				public void onApplicationEvent(EnvironmentChangeEvent event) {
					synchronized (seen) {
						seen.add(event);
					}
				}

			}))
			.run();
		this.closeables.add(context);
		assertThat(context.getBeansOfType(LoggingRebinder.class)).containsOnlyKeys("myLoggingRebinder");
		changeGreeting(context, "two");
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			synchronized (seen) {
				return seen.stream().anyMatch((event) -> event.getKeys().contains("greeting.message"));
			}
		});
	}

}
