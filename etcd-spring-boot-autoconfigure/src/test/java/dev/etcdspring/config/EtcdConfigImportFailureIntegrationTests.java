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

import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.retry.RetryException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a failing {@code etcd:} import fails startup: a malformed document or an oversized
 * context fails at once with a failure analysis that says what is wrong (neither is
 * retried), and an optional import never makes a required one optional, in whatever order
 * Boot loads them.
 */
@EtcdIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigImportFailureIntegrationTests {

	@RegisterExtension
	final ConfigTestEtcd fixture = new ConfigTestEtcd("/t", Duration.ofSeconds(5));

	private ConfigurableApplicationContext run(List<String> endpoints, String... properties) {
		List<String> all = new ArrayList<>(
				List.of("etcd.config.prefix=" + this.fixture.root(), "etcd.request-timeout=1s",
						"etcd.config.retry.max-attempts=3", "etcd.config.retry.initial-interval=100ms"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = ConfigTestApp.run(endpoints, all.toArray(String[]::new));
		this.fixture.track(context);
		return context;
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "yaml|greeting:\\n  message: ok\\n bad: [unclosed\\n|3",
					"json|{\"greeting\": {\"message\": \"ok\"},\\n \"bad\": }\\n|2",
					"properties|greeting.message=ok\\nbad=\\u00zz\\n|2" })
	void malformedDocumentFailsAtOnceWithAnAnalysisNamingKeyAndLine(String format, String document, int line,
			CapturedOutput output) {
		this.fixture.etcd().put(this.fixture.root() + "/orders/data", document.replace("\\n", "\n"));
		String expected = "Malformed " + format + " configuration in etcd key '" + this.fixture.root()
				+ "/orders/data' at line " + line;
		assertThatThrownBy(() -> run(this.fixture.server().endpoints(), "spring.config.import=etcd:",
				"etcd.config.format=" + format))
			.satisfies((ex) -> {
				assertThat(findCause(ex, RetryException.class)).isNull();
				EtcdConfigLoadException load = findCause(ex, EtcdConfigLoadException.class);
				assertThat(load).isNotNull();
				// not transient: not retried although three attempts are allowed
				assertThat(load.getAttempts()).isOne();
				FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith(expected).doesNotContain("unreachable");
				assertThat(analysis.getAction()).contains(this.fixture.root() + "/orders/data")
					.contains("etcd.config.format")
					.doesNotContainIgnoringCase("check that etcd is running");
			});
		// reported through Boot's failure analysis (spring.factories), without a stack
		// trace of the retry
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains(expected)
			.doesNotContain("RetryException");
		assertThat(countOccurrences(output.getAll(), "failed again")).isZero();
	}

	@Test
	void malformedDocumentOfAnOptionalImportAlsoFailsStartup() {
		this.fixture.etcd().put(this.fixture.root() + "/orders/data", "greeting:\n  message: ok\n bad: [unclosed\n");
		assertThatThrownBy(() -> run(this.fixture.server().endpoints(), "spring.config.import=optional:etcd:",
				"etcd.config.format=yaml"))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith(
						"Malformed yaml configuration in etcd key '" + this.fixture.root() + "/orders/data' at line 3");
			});
	}

	@Test
	void contextLargerThanTheInboundLimitIsReadInSmallerPages() {
		String large = "x".repeat(700 * 1024);
		this.fixture.etcd().put(this.fixture.root() + "/orders/big/a", large);
		this.fixture.etcd().put(this.fixture.root() + "/orders/big/b", large);
		try (ConfigurableApplicationContext context = run(this.fixture.server().endpoints(),
				"spring.config.import=etcd:", "etcd.max-inbound-message-size=1MB")) {
			assertThat(context.getEnvironment().getProperty("big.a")).hasSize(large.length());
			assertThat(context.getEnvironment().getProperty("big.b")).hasSize(large.length());
		}
	}

	@Test
	void valueLargerThanTheInboundLimitNamesThePropertyAndIsNotRetried() {
		String large = "x".repeat(1200 * 1024);
		this.fixture.etcd().put(this.fixture.root() + "/orders/big/a", large);
		assertThatThrownBy(() -> run(this.fixture.server().endpoints(), "spring.config.import=etcd:",
				"etcd.max-inbound-message-size=1MB"))
			.satisfies((ex) -> {
				EtcdConfigLoadException load = findCause(ex, EtcdConfigLoadException.class);
				assertThat(load).isNotNull();
				assertThat(load.getAttempts()).isOne();
				FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(this.fixture.root() + "/orders")
					.contains("etcd.max-inbound-message-size")
					.doesNotContain("unreachable")
					.doesNotContain(large.substring(0, 64));
				assertThat(analysis.getAction()).contains("etcd.max-inbound-message-size")
					.doesNotContainIgnoringCase("check that etcd is running");
			});
	}

	@Test
	void requiredContextBeforeAnOptionalImportFailsWhenEtcdIsDown() {
		String down = EtcdTestClients.unreachableEndpoint();
		// Boot loads the later (optional) import first.
		assertRequiredContextFailed(
				() -> run(List.of(down), "spring.config.import=etcd:" + this.fixture.root() + "/shared,optional:etcd:"),
				this.fixture.root() + "/shared", down);
	}

	@Test
	void requiredContextAfterAnOptionalImportFailsWhenEtcdIsDown() {
		String down = EtcdTestClients.unreachableEndpoint();
		assertRequiredContextFailed(
				() -> run(List.of(down), "spring.config.import=optional:etcd:,etcd:" + this.fixture.root() + "/shared"),
				this.fixture.root() + "/shared", down);
	}

	@Test
	void contextThatAnOptionalImportAlsoNamesStaysRequiredWhenEtcdIsDown() {
		String down = EtcdTestClients.unreachableEndpoint();
		// the optional import's automatic contexts include /orders, loaded first
		assertRequiredContextFailed(
				() -> run(List.of(down), "spring.config.import=etcd:" + this.fixture.root() + "/orders,optional:etcd:"),
				this.fixture.root() + "/orders", down);
	}

	@Test
	void requiredAndOptionalImportsBothLoadWhenEtcdIsUpInEitherOrder() {
		this.fixture.etcd().put(this.fixture.root() + "/shared/greeting/other", "shared");
		this.fixture.etcd().put(this.fixture.root() + "/orders/greeting/message", "own");
		for (String imports : List.of("etcd:" + this.fixture.root() + "/shared,optional:etcd:",
				"optional:etcd:,etcd:" + this.fixture.root() + "/shared")) {
			Environment env = run(this.fixture.server().endpoints(), "spring.config.import=" + imports)
				.getEnvironment();
			assertThat(env.getProperty("greeting.other")).as(imports).isEqualTo("shared");
			assertThat(env.getProperty("greeting.message")).as(imports).isEqualTo("own");
		}
	}

	private void assertRequiredContextFailed(Runnable startup, String context, String endpoint) {
		assertThatThrownBy(startup::run).satisfies((ex) -> {
			EtcdConfigLoadException load = findCause(ex, EtcdConfigLoadException.class);
			assertThat(load).isNotNull();
			assertThat(load.getContext()).isEqualTo(context);
			// named by the import that requires it, also when an optional one was loaded
			assertThat(load.getLocation()).isEqualTo("etcd:" + context);
			// bounded retries: every attempt allowed, then failure
			assertThat(load.getAttempts()).isEqualTo(3);
			FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(endpoint).contains(context);
			assertThat(analysis.getAction()).contains("etcd.endpoints");
		});
	}

	private static int countOccurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
