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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdConnectionDetails;
import dev.etcdspring.test.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code etcd:} import against an etcd with authentication on: rejected credentials
 * and missing permissions are reported as such (never as "unreachable"), for optional and
 * required imports, and {@code etcd.*} is bound with the bootstrap context's
 * {@link BindHandler}, through which Spring Cloud decrypts {@code {cipher}} values.
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigCredentialsIntegrationTests {

	private static final String ROOT_PASSWORD = "r00t-" + UUID.randomUUID();

	private static final String USER = "orders-app";

	private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

	private static final String LIMITED_USER = "limited-app";

	private static final String LIMITED_PASSWORD = "l1mited-" + UUID.randomUUID();

	private static final String ROOT = "/tcred";

	private static EtcdServer etcd;

	private static Client writer;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private String prefix;

	@BeforeAll
	static void startEtcdWithAuth() {
		etcd = EtcdServer.builder().name("credentials").start();
		etcd.addUser(USER, PASSWORD, ROOT);
		// may read only the application's own context
		etcd.addUser(LIMITED_USER, LIMITED_PASSWORD, ROOT + "/limited/orders/");
		etcd.enableAuth(ROOT_PASSWORD);
		writer = etcd.clientBuilder().user(bytes("root")).password(bytes(ROOT_PASSWORD)).build();
	}

	@AfterAll
	static void stopEtcd() {
		if (writer != null) {
			writer.close();
		}
		if (etcd != null) {
			etcd.close();
		}
	}

	@BeforeEach
	void newPrefix() {
		this.prefix = ROOT + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

	@AfterEach
	void closeApps() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void optionalImportWithRejectedCredentialsStartsOnLocalConfigurationAndSaysWhy(CapturedOutput output) {
		String wrong = "wrong-" + UUID.randomUUID();
		ConfigurableApplicationContext context = run(
				builder("spring.config.import=optional:etcd:", "etcd.config.prefix=" + this.prefix,
						"etcd.username=" + USER, "etcd.password=" + wrong, "greeting.message=local"));
		assertThat(context.getBean(ConfigTestApp.GreetingProperties.class).getMessage()).isEqualTo("local");
		assertThat(output.getAll()).contains("rejected the credentials (etcd.username, etcd.password)")
			.doesNotContain("unreachable")
			.doesNotContain(wrong);
		// said once: the other optional contexts are not tried with the same credentials
		assertThat(output.getAll().split("rejected the credentials", -1)).hasSize(2);
	}

	@Test
	void optionalImportWithoutReadPermissionNamesThePrefix(CapturedOutput output) {
		String root = ROOT + "/limited";
		put(root + "/orders/greeting/message", "own-context");
		ConfigurableApplicationContext context = run(builder("spring.config.import=optional:etcd:",
				"etcd.config.prefix=" + root, "etcd.username=" + LIMITED_USER, "etcd.password=" + LIMITED_PASSWORD));
		// the context it may read is loaded, the others are reported by prefix
		assertThat(context.getBean(ConfigTestApp.GreetingProperties.class).getMessage()).isEqualTo("own-context");
		assertThat(output.getAll()).contains("may not read '" + root + "/application/'")
			.contains("etcd.username")
			.doesNotContain("unreachable")
			.doesNotContain(LIMITED_PASSWORD);
	}

	@Test
	void requiredImportWithoutReadPermissionFailsAtOnceNamingThePrefix() {
		String root = ROOT + "/limited";
		assertThatThrownBy(() -> run(
				builder("spring.config.import=etcd:", "etcd.config.prefix=" + root, "etcd.username=" + LIMITED_USER,
						"etcd.password=" + LIMITED_PASSWORD, "etcd.config.retry.max-attempts=3")))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				// Boot loads the last context (the most specific) first
				assertThat(analysis.getDescription()).contains("may not read '" + root + "/orders,default/'")
					.doesNotContain(LIMITED_PASSWORD);
				assertThat(analysis.getAction()).contains("grant-permission").contains(root + "/orders,default/");
			});
	}

	@Test
	void etcdPropertiesAreBoundWithTheBootstrapBindHandler() {
		put(this.prefix + "/orders/greeting/message", "read-with-decrypted-password");
		// what Spring Cloud's TextEncryptorBindHandler does for {cipher}, with a toy
		// cipher
		BindHandler decrypting = new AbstractBindHandler() {

			@Override
			public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Object result) {
				if (result instanceof String value && value.startsWith("{reversed}")) {
					return new StringBuilder(value.substring("{reversed}".length())).reverse().toString();
				}
				return result;
			}

		};
		String encrypted = "{reversed}" + new StringBuilder(PASSWORD).reverse();
		ConfigurableApplicationContext context = run(
				builder("spring.config.import=etcd:", "etcd.config.prefix=" + this.prefix, "etcd.username=" + USER,
						"etcd.password=" + encrypted)
					.addBootstrapRegistryInitializer(
							(registry) -> registry.register(BindHandler.class, InstanceSupplier.of(decrypting))));
		assertThat(context.getBean(ConfigTestApp.GreetingProperties.class).getMessage())
			.isEqualTo("read-with-decrypted-password");
		// the application context describes the credentials the client used
		assertThat(context.getBean(EtcdConnectionDetails.class).getPassword()).isEqualTo(PASSWORD);
	}

	private SpringApplicationBuilder builder(String... properties) {
		List<String> all = new ArrayList<>(List.of("etcd.request-timeout=3s"));
		all.addAll(List.of(properties));
		return ConfigTestApp.builder(etcd.endpoints(), all.toArray(String[]::new));
	}

	private ConfigurableApplicationContext run(SpringApplicationBuilder builder) {
		ConfigurableApplicationContext context = builder.run();
		this.closeables.add(context);
		return context;
	}

	private static void put(String key, String value) {
		try {
			writer.getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
