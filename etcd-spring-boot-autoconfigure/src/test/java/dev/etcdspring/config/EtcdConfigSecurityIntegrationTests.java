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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdAuthenticationException;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTls;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code etcd:} import against an etcd that serves TLS only, checks client
 * certificates and has authentication on: the SSL bundle named by {@code etcd.ssl.bundle}
 * is built from its properties during bootstrap, credentials are used, and the client
 * promoted into the application keeps applying changes.
 * <p>
 * The client certificate's common name is not an etcd user, so nothing is readable
 * without the password: a successful load proves the credentials were used.
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigSecurityIntegrationTests {

	private static final String ROOT_PASSWORD = "r00t-" + UUID.randomUUID();

	private static final String USER = "orders-app";

	private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

	private static final String ROOT = "/tsec";

	private static EtcdTls tls;

	private static EtcdServer etcd;

	private static Client writer;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private String prefix;

	@BeforeAll
	static void startSecureEtcd() {
		tls = EtcdTls.generate("not-a-user");
		etcd = EtcdServer.builder().tls(tls).clientCertAuth(true).start();
		etcd.addUser(USER, PASSWORD, ROOT);
		etcd.enableAuth(ROOT_PASSWORD);
		writer = etcd.clientBuilder().user(bytes("root")).password(bytes(ROOT_PASSWORD)).build();
	}

	@AfterAll
	static void stopSecureEtcd() {
		if (writer != null) {
			writer.close();
		}
		if (etcd != null) {
			etcd.close();
		}
		if (tls != null) {
			tls.close();
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
	void mutualTlsWithPemBundleAndPasswordLoadsAndAppliesChanges() throws Exception {
		put(this.prefix + "/orders/greeting/message", "over-tls");
		ConfigurableApplicationContext context = run(etcd.endpoints(), "spring.config.import=etcd:",
				pemBundle(tls.caCertificate()), credentials(PASSWORD));
		ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
		assertThat(greeting.getMessage()).isEqualTo("over-tls");
		put(this.prefix + "/orders/greeting/message", "changed-over-tls");
		await().atMost(Duration.ofSeconds(10)).until(() -> "changed-over-tls".equals(greeting.getMessage()));
	}

	@Test
	void mutualTlsWithPkcs12BundleAndEndpointInTheLocation() throws Exception {
		put(this.prefix + "/orders/greeting/message", "over-pkcs12");
		Path keyStore = tls.clientKeyStore("PKCS12", "changeit");
		Path trustStore = tls.trustStore("PKCS12", "changeit");
		String hostPort = etcd.endpointUri().getHost() + ":" + etcd.endpointUri().getPort();
		// etcd.endpoints names nothing that serves: the location's endpoint is used, with
		// https because a bundle is set.
		ConfigurableApplicationContext context = run(List.of("https://127.0.0.1:1"),
				"spring.config.import=etcd:" + hostPort, "etcd.ssl.bundle=etcd",
				"spring.ssl.bundle.jks.etcd.keystore.location=" + keyStore.toUri(),
				"spring.ssl.bundle.jks.etcd.keystore.password=changeit",
				"spring.ssl.bundle.jks.etcd.keystore.type=PKCS12",
				"spring.ssl.bundle.jks.etcd.truststore.location=" + trustStore.toUri(),
				"spring.ssl.bundle.jks.etcd.truststore.password=changeit",
				"spring.ssl.bundle.jks.etcd.truststore.type=PKCS12", credentials(PASSWORD));
		assertThat(context.getBean(ConfigTestApp.GreetingProperties.class).getMessage()).isEqualTo("over-pkcs12");
	}

	@Test
	void wrongPasswordFailsStartupNamingTheEndpointWithoutThePassword(CapturedOutput output) {
		String wrong = "wrong-" + UUID.randomUUID();
		assertThatThrownBy(() -> run(etcd.endpoints(), "spring.config.import=etcd:", pemBundle(tls.caCertificate()),
				credentials(wrong), "etcd.config.retry.max-attempts=3"))
			.satisfies((ex) -> {
				EtcdConfigLoadException load = findCause(ex, EtcdConfigLoadException.class);
				assertThat(load.getCause()).isInstanceOf(EtcdAuthenticationException.class);
				// not retried: wrong credentials stay wrong
				assertThat(load.getAttempts()).isOne();
				FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(etcd.endpoint()).doesNotContain(wrong);
				assertThat(analysis.getAction()).contains("etcd.username").doesNotContain(wrong);
				for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
					assertThat(String.valueOf(cause.getMessage())).doesNotContain(wrong);
				}
			});
		assertThat(output.getAll()).doesNotContain(wrong);
	}

	private ConfigurableApplicationContext run(List<String> endpoints, Object... properties) {
		List<String> all = new ArrayList<>(List.of("etcd.config.prefix=" + this.prefix, "etcd.connect-timeout=3s"));
		for (Object property : properties) {
			if (property instanceof String[] several) {
				all.addAll(List.of(several));
			}
			else {
				all.add((String) property);
			}
		}
		ConfigurableApplicationContext context = ConfigTestApp.run(endpoints, all.toArray(String[]::new));
		this.closeables.add(context);
		return context;
	}

	private static void put(String key, String value) throws Exception {
		writer.getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS);
	}

	private static String[] pemBundle(Path trustedCa) {
		return new String[] { "etcd.ssl.bundle=etcd",
				"spring.ssl.bundle.pem.etcd.truststore.certificate=" + trustedCa.toUri(),
				"spring.ssl.bundle.pem.etcd.keystore.certificate=" + tls.clientCertificate().toUri(),
				"spring.ssl.bundle.pem.etcd.keystore.private-key=" + tls.clientPrivateKey().toUri() };
	}

	private static String[] credentials(String password) {
		return new String[] { "etcd.username=" + USER, "etcd.password=" + password };
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + ex);
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
