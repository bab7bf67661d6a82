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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.config.refresh.EtcdConfigRefreshHistory;
import dev.etcdspring.test.EtcdIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change re-creates the {@code @RefreshScope} beans that read a changed name, and only
 * those.
 */
@EtcdIntegrationTest
class EtcdConfigRefreshScopeIntegrationTests {

	private static final List<String> READERS = List.of("ax", "by", "cz", "localW", "client");

	@RegisterExtension
	final ConfigTestEtcd fixture = new ConfigTestEtcd("/r", Duration.ofSeconds(3));

	private ConfigurableApplicationContext run(String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ScopeApp.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + String.join(",", this.fixture.server().endpoints()),
					"spring.application.name=orders", "etcd.request-timeout=3s", "spring.jmx.enabled=false",
					"management.health.etcd.enabled=false", "spring.config.import=etcd:",
					"etcd.config.prefix=" + this.fixture.root(), "local.w=local")
			.properties(properties)
			.run();
		this.fixture.track(context);
		return context;
	}

	/**
	 * Put a key and wait until the change it makes is applied (the history records a
	 * change once its beans are rebound and re-created).
	 */
	private void putAndAwaitApplied(ConfigurableApplicationContext context, String key, String value) {
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		long revision = this.fixture.etcd().put(this.fixture.root() + "/orders/" + key, value);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !history.refreshes().isEmpty() && history.refreshes().get(0).revision() >= revision);
		assertThat(history.refreshes().get(0).outcome()).isEqualTo(EtcdConfigRefreshHistory.Outcome.APPLIED);
	}

	private static String value(ConfigurableApplicationContext context, String reader) {
		return context.getBean(reader, Reader.class).value();
	}

	private static List<String> refreshedEvents(ConfigurableApplicationContext context) {
		List<String> names = new CopyOnWriteArrayList<>();
		context.addApplicationListener(
				(ApplicationListener<RefreshScopeRefreshedEvent>) (event) -> names.add(event.getName()));
		return names;
	}

	@Test
	void aChangeRecreatesOnlyTheBeansThatReadAChangedName() {
		ConfigurableApplicationContext context = run();
		Creations creations = context.getBean(Creations.class);
		READERS.forEach((reader) -> assertThat(value(context, reader)).isNotNull());
		Map<String, Integer> before = creations.counts();
		assertThat(before).containsOnlyKeys(READERS);
		List<String> events = refreshedEvents(context);

		// @Value
		putAndAwaitApplied(context, "a/x", "etcd");
		assertThat(value(context, "ax")).isEqualTo("etcd");
		assertThat(creations.counts()).isEqualTo(recreated(before, "ax"));
		assertThat(events).containsExactly("scopedTarget.ax");

		// Environment.getProperty while the bean is created
		putAndAwaitApplied(context, "c/z", "etcd");
		assertThat(value(context, "cz")).isEqualTo("etcd");
		assertThat(creations.counts()).isEqualTo(recreated(before, "ax", "cz"));

		// read from a local source, now overridden by etcd
		assertThat(value(context, "localW")).isEqualTo("local");
		putAndAwaitApplied(context, "local/w", "etcd");
		assertThat(value(context, "localW")).isEqualTo("etcd");
		assertThat(creations.counts()).isEqualTo(recreated(before, "ax", "cz", "localW"));

		// through a @ConfigurationProperties bean it was given
		putAndAwaitApplied(context, "client/url", "http://etcd");
		assertThat(value(context, "client")).isEqualTo("http://etcd");
		assertThat(creations.counts()).isEqualTo(recreated(before, "ax", "cz", "localW", "client"));

		// a name no bean read
		putAndAwaitApplied(context, "nobody/reads", "this");
		assertThat(creations.counts()).isEqualTo(recreated(before, "ax", "cz", "localW", "client"));
		assertThat(events).containsExactly("scopedTarget.ax", "scopedTarget.cz", "scopedTarget.localW",
				"scopedTarget.client");
		assertThat(value(context, "by")).isEqualTo("none");
	}

	@Test
	void refreshScopeAllRecreatesEveryBeanOnEveryChange() {
		ConfigurableApplicationContext context = run("etcd.config.watch.refresh-scope=all");
		Creations creations = context.getBean(Creations.class);
		READERS.forEach((reader) -> assertThat(value(context, reader)).isNotNull());
		Map<String, Integer> before = creations.counts();
		List<String> events = refreshedEvents(context);
		putAndAwaitApplied(context, "a/x", "etcd");
		assertThat(value(context, "ax")).isEqualTo("etcd");
		assertThat(creations.counts()).isEqualTo(recreated(before, READERS.toArray(String[]::new)));
		assertThat(events).containsExactly(RefreshScopeRefreshedEvent.DEFAULT_NAME);
	}

	private static Map<String, Integer> recreated(Map<String, Integer> before, String... names) {
		Map<String, Integer> expected = new ConcurrentHashMap<>(before);
		for (String name : names) {
			expected.merge(name, 1, Integer::sum);
		}
		return expected;
	}

	/**
	 * Counts how often each reader was created.
	 */
	static class Creations {

		private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

		Reader created(String name, String value) {
			this.counts.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
			return new Reader(value);
		}

		Map<String, Integer> counts() {
			Map<String, Integer> counts = new ConcurrentHashMap<>();
			this.counts.forEach((name, count) -> counts.put(name, count.get()));
			return counts;
		}

	}

	/**
	 * Holds a value read when it was created.
	 */
	public static class Reader {

		private final String value;

		Reader(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

	}

	public static class ClientProperties {

		private String url = "http://default";

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ScopeApp {

		@Bean
		Creations creations() {
			return new Creations();
		}

		@Bean
		@ConfigurationProperties("client")
		ClientProperties clientProperties() {
			return new ClientProperties();
		}

		@Bean
		@RefreshScope
		Reader ax(Creations creations, @Value("${a.x:none}") String x) {
			return creations.created("ax", x);
		}

		@Bean
		@RefreshScope
		Reader by(Creations creations, @Value("${b.y:none}") String y) {
			return creations.created("by", y);
		}

		@Bean
		@RefreshScope
		Reader cz(Creations creations, Environment environment) {
			return creations.created("cz", environment.getProperty("c.z", "none"));
		}

		@Bean
		@RefreshScope
		Reader localW(Creations creations, @Value("${local.w}") String w) {
			return creations.created("localW", w);
		}

		@Bean
		@RefreshScope
		Reader client(Creations creations, ClientProperties properties) {
			return creations.created("client", properties.getUrl());
		}

	}

}
