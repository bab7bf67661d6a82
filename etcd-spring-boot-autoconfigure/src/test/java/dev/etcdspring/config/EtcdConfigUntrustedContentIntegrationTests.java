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
import java.util.Map;

import dev.etcdspring.config.refresh.EtcdConfigRefreshHistory;
import dev.etcdspring.config.refresh.EtcdConfigStateReporter;
import dev.etcdspring.test.EtcdIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Whoever may write one configuration key in etcd must not be able to take the
 * application down, read its other properties, or make two instances disagree: hostile
 * documents, placeholders, key names and large changes, at startup and at runtime,
 * against a real etcd.
 */
@EtcdIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigUntrustedContentIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@RegisterExtension
	final ConfigTestEtcd fixture = new ConfigTestEtcd("/u", Duration.ofSeconds(3));

	private ConfigurableApplicationContext run(String... properties) {
		List<String> all = new ArrayList<>(
				List.of("spring.config.import=etcd:", "etcd.config.prefix=" + this.fixture.root()));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = ConfigTestApp.run(this.fixture.server().endpoints(),
				all.toArray(String[]::new));
		this.fixture.track(context);
		return context;
	}

	private String key(String path) {
		return this.fixture.root() + "/orders/" + path;
	}

	private static EtcdConfigRefreshHistory.Refresh awaitRefresh(EtcdConfigRefreshHistory history, int before) {
		await().atMost(WAIT).until(() -> history.refreshes().size() > before);
		return history.refreshes().get(0);
	}

	// ---- hostile documents

	@Test
	void billionLaughsAtStartupFailsNamingTheKey() {
		this.fixture.etcd().put(key("data"), EtcdConfigParserTests.billionLaughs());
		assertThatThrownBy(() -> run("etcd.config.format=yaml"))
			.hasStackTraceContaining("Malformed yaml configuration in etcd key '" + key("data") + "'")
			.hasStackTraceContaining("aliases");
	}

	@Test
	void selfReferencingAliasAtRuntimeIsRejectedAndLaterChangesApply() {
		this.fixture.etcd().put(key("data"), "greeting:\n  message: one\n");
		ConfigurableApplicationContext context = run("etcd.config.format=yaml");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		assertThat(greeting.getMessage()).isEqualTo("one");
		int before = history.refreshes().size();
		this.fixture.etcd().put(key("data"), "greeting:\n  message: two\nloop: &loop [*loop]\n");
		EtcdConfigRefreshHistory.Refresh rejected = awaitRefresh(history, before);
		assertThat(rejected.outcome()).isEqualTo(EtcdConfigRefreshHistory.Outcome.REJECTED);
		assertThat(rejected.reason()).contains("Malformed yaml configuration in etcd key '" + key("data") + "'")
			.contains("contains itself");
		assertThat(greeting.getMessage()).isEqualTo("one");
		this.fixture.etcd().put(key("data"), "greeting:\n  message: three\n");
		await().atMost(WAIT).until(() -> "three".equals(greeting.getMessage()));
	}

	@Test
	void aliasBombsAtRuntimeAreRejectedAndLaterChangesApply() {
		this.fixture.etcd().put(key("data"), "greeting:\n  message: one\n");
		ConfigurableApplicationContext context = run("etcd.config.format=yaml");
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		int before = history.refreshes().size();
		this.fixture.etcd().put(key("data"), EtcdConfigParserTests.billionLaughs());
		assertThat(awaitRefresh(history, before).reason()).contains(key("data")).contains("aliases");
		before = history.refreshes().size();
		this.fixture.etcd().put(key("data"), EtcdConfigParserTests.bombWithinAliasLimit());
		assertThat(awaitRefresh(history, before).reason()).contains(key("data")).contains("expands");
		assertThat(greeting.getMessage()).isEqualTo("one");
		this.fixture.etcd().put(key("data"), "greeting:\n  message: two\n");
		await().atMost(WAIT).until(() -> "two".equals(greeting.getMessage()));
	}

	@Test
	void jsonDuplicateKeyAtStartupFailsNamingKeyAndLine() {
		this.fixture.etcd().put(key("data"), "{\n  \"greeting\": {\"message\": \"a\",\n    \"message\": \"b\"}\n}");
		assertThatThrownBy(() -> run("etcd.config.format=json"))
			.hasStackTraceContaining("Malformed json configuration in etcd key '" + key("data") + "' at line 3")
			.hasStackTraceContaining("\"message\"");
	}

	// ---- values are never shown

	@Test
	void rejectedValuesAreNeitherLoggedNorShown(CapturedOutput output) {
		ConfigurableApplicationContext context = run();
		ConfigTestApp.LimitProperties limit = context.getBean(ConfigTestApp.LimitProperties.class);
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		int before = history.refreshes().size();
		this.fixture.etcd().put(key("limit/max"), "987654");
		EtcdConfigRefreshHistory.Refresh invalid = awaitRefresh(history, before);
		assertThat(invalid.outcome()).isEqualTo(EtcdConfigRefreshHistory.Outcome.REJECTED);
		assertThat(invalid.reason()).contains("limit.max").contains("must be less than or equal to 100");
		before = history.refreshes().size();
		this.fixture.etcd().put(key("limit/max"), "s3cr3t-not-a-number");
		EtcdConfigRefreshHistory.Refresh unconvertible = awaitRefresh(history, before);
		assertThat(unconvertible.reason()).contains("limit.max").contains("cannot be converted to int");
		assertThat(limit.getMax()).isEqualTo(10);
		String report = context.getBean(EtcdConfigStateReporter.class).report().toString();
		assertThat(report + output.getAll()).doesNotContain("987654")
			.doesNotContain("s3cr3t")
			.doesNotContain("rejected value");
	}

	// ---- placeholders

	@Test
	void placeholdersInEtcdValuesResolveByDefault() {
		this.fixture.etcd().put(key("greeting/message"), "${local.secret}");
		ConfigurableApplicationContext context = run("local.secret=s3cr3t");
		assertThat(values(context)).containsOnly("s3cr3t");
	}

	@Test
	void placeholdersInEtcdValuesStayLiteralWhenSwitchedOff() {
		this.fixture.etcd().put(key("greeting/message"), "${local.secret}");
		ConfigurableApplicationContext context = run("local.secret=s3cr3t", "etcd.config.resolve-placeholders=false",
				"from.local=${greeting.message}");
		assertThat(values(context)).containsOnly("${local.secret}");
		// A local property that refers to an etcd value gets the literal text too.
		assertThat(context.getEnvironment().getProperty("from.local")).isEqualTo("${local.secret}");
		for (String literal : List.of("C:\\${local.secret}", "${a${local.secret}}", "${local.secret:x}-\\\\${y}")) {
			this.fixture.etcd().put(key("greeting/message"), literal);
			await().atMost(WAIT).until(() -> values(context).stream().allMatch(literal::equals));
		}
	}

	@Test
	void placeholdersInDocumentsStayLiteralWhenSwitchedOff() {
		this.fixture.etcd().put(key("data"), "greeting:\n  message: ${local.secret}\n");
		ConfigurableApplicationContext context = run("local.secret=s3cr3t", "etcd.config.format=yaml",
				"etcd.config.resolve-placeholders=false");
		assertThat(values(context)).containsOnly("${local.secret}");
	}

	/**
	 * The value as {@code Environment.getProperty}, a {@code @Value} in a
	 * {@code @RefreshScope} bean and a {@code @ConfigurationProperties} bean see it.
	 */
	private static List<String> values(ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		return List.of(environment.getProperty("greeting.message"),
				context.getBean(ConfigTestApp.Greeter.class).message(),
				context.getBean(ConfigTestApp.GreetingProperties.class).getMessage());
	}

	// ---- key names

	@Test
	void slashAndDotFormsOfOneNameResolveAlikeAtStartupAndAtRuntime(CapturedOutput output) {
		this.fixture.etcd().put(key("greeting/message"), "slash");
		this.fixture.etcd().put(key("greeting.message"), "dot");
		ConfigurableApplicationContext first = run();
		ConfigTestApp.GreetingProperties greeting = first.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("dot");
		assertThat(output.getAll()).contains("'" + key("greeting.message") + "', '" + key("greeting/message") + "'")
			.contains("'" + key("greeting.message") + "' is used");
		// Arrival order does not matter: the dotted form still wins.
		this.fixture.etcd().put(key("greeting/message"), "slash-2");
		this.fixture.etcd().put(key("greeting/other"), "sentinel-1");
		await().atMost(WAIT).until(() -> "sentinel-1".equals(greeting.getOther()));
		assertThat(greeting.getMessage()).isEqualTo("dot");
		// Without the dotted form, the slash form applies.
		this.fixture.etcd().delete(key("greeting.message"));
		await().atMost(WAIT).until(() -> "slash-2".equals(greeting.getMessage()));
		this.fixture.etcd().put(key("greeting.message"), "dot-2");
		await().atMost(WAIT).until(() -> "dot-2".equals(greeting.getMessage()));
		// A second instance started now agrees with the first.
		ConfigurableApplicationContext second = run();
		assertThat(second.getBean(ConfigTestApp.GreetingProperties.class).getMessage()).isEqualTo("dot-2");
		assertThat(output.getAll()).doesNotContain("slash-2").doesNotContain("dot-2");
	}

	@Test
	void relaxedFormsOfOneNameResolveAlikeAtStartupAndAtRuntime() {
		this.fixture.etcd().put(key("greeting/message"), "plain");
		ConfigurableApplicationContext first = run();
		ConfigTestApp.GreetingProperties greeting = first.getBean(ConfigTestApp.GreetingProperties.class);
		// 'Message' binds to the same field; 'greeting/Message' sorts before
		// 'greeting/message' and wins, whenever it arrives.
		this.fixture.etcd().put(key("greeting/Message"), "capital");
		await().atMost(WAIT).until(() -> "capital".equals(greeting.getMessage()));
		this.fixture.etcd().put(key("greeting/message"), "plain-2");
		this.fixture.etcd().put(key("greeting/other"), "sentinel");
		await().atMost(WAIT).until(() -> "sentinel".equals(greeting.getOther()));
		assertThat(greeting.getMessage()).isEqualTo("capital");
		assertThat(run().getBean(ConfigTestApp.GreetingProperties.class).getMessage()).isEqualTo("capital");
	}

	@Test
	void keysThatAreNotPropertyNamesAreIgnoredWithAWarning(CapturedOutput output) {
		this.fixture.etcd().put(key("greeting/mes sage"), "spaced");
		this.fixture.etcd().put(key("./greeting/other"), "dot-segment");
		ConfigurableApplicationContext context = run();
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("default");
		assertThat(greeting.getOther()).isEqualTo("x");
		assertThat(output.getAll()).contains("'" + key("./greeting/other") + "'")
			.contains("'" + key("greeting/mes sage") + "'");
		this.fixture.etcd().put(key("greeting//message"), "empty-segment");
		this.fixture.etcd().put(key("greeting/message/"), "trailing-slash");
		this.fixture.etcd().put(key("../orders/greeting/message"), "dot-dot");
		this.fixture.etcd().put(key("greeting/messagë"), "dropped-letter");
		this.fixture.etcd().put(key("unrelated/value"), "sentinel");
		ConfigTestApp.OtherProperties other = context.getBean(ConfigTestApp.OtherProperties.class);
		await().atMost(WAIT).until(() -> "sentinel".equals(other.getValue()));
		assertThat(greeting.getMessage()).isEqualTo("default");
		assertThat(context.getEnvironment().getProperty("greeting.message")).isNull();
		assertThat(output.getAll()).contains("'" + key("greeting//message") + "'")
			.contains("'" + key("greeting/message/") + "'")
			.contains("'" + key("../orders/greeting/message") + "'")
			.contains("'" + key("greeting/messagë") + "'")
			.doesNotContain("empty-segment")
			.doesNotContain("trailing-slash");
	}

	// ---- one readable line per refresh

	@Test
	void refreshOfManyNamesIsOneShortLineAndASmallReport(CapturedOutput output) {
		this.fixture.etcd().put(key("data"), "greeting:\n  message: one\n");
		ConfigurableApplicationContext context = run("etcd.config.format=yaml");
		StringBuilder yaml = new StringBuilder("bulk:\n");
		for (int i = 0; i < 5000; i++) {
			yaml.append("  key").append(i).append(": value-").append(i).append('\n');
		}
		this.fixture.etcd().put(key("data"), yaml.toString());
		await().atMost(WAIT).until(() -> "value-4999".equals(context.getEnvironment().getProperty("bulk.key4999")));
		await().atMost(WAIT).until(() -> output.getAll().contains("Applied configuration from etcd revision"));
		String line = output.getAll()
			.lines()
			.filter((l) -> l.contains("Applied configuration from etcd revision"))
			.reduce((a, b) -> b)
			.orElseThrow();
		assertThat(line).hasSizeLessThan(1000).endsWith(", ... and 4981 more]").contains("bulk.key0, bulk.key1");
		Map<String, Object> report = context.getBean(EtcdConfigStateReporter.class).report();
		@SuppressWarnings("unchecked")
		Map<String, Object> refresh = ((List<Map<String, Object>>) report.get("refreshes")).get(0);
		assertThat(refresh).containsEntry("keyCount", 5001);
		assertThat((java.util.Collection<?>) refresh.get("keys")).hasSize(20);
	}

}
