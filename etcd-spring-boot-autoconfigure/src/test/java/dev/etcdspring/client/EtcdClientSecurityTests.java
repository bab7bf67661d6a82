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

package dev.etcdspring.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS, mutual TLS and user/password authentication through the auto-configuration,
 * against an etcd started with generated certificates, client-certificate checks and
 * authentication on.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdClientSecurityTests {

	private static final String ROOT_PASSWORD = "r00t-" + UUID.randomUUID();

	private static EtcdTls tls;

	private static EtcdServer etcd;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EtcdClientAutoConfiguration.class));

	@BeforeAll
	static void startSecureEtcd() {
		tls = EtcdTls.generate();
		etcd = EtcdServer.builder().tls(tls).clientCertAuth(true).start();
		etcd.enableAuth(ROOT_PASSWORD);
	}

	@AfterAll
	static void stopSecureEtcd() {
		if (etcd != null) {
			etcd.close();
		}
		if (tls != null) {
			tls.close();
		}
	}

	@Test
	void endpointIsHttps() {
		assertThat(etcd.endpoint()).startsWith("https://");
	}

	@Test
	void mutualTlsWithPemBundleAndPasswordAuthentication() {
		this.runner.withPropertyValues(pemBundle(tls.caCertificate()))
			.withPropertyValues(credentials(ROOT_PASSWORD))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EtcdClient client = context.getBean(EtcdClient.class);
				client.put("/secure/pem", "mutual tls");
				assertThat(client.get("/secure/pem")).map(EtcdKeyValue::value).contains("mutual tls");
			});
	}

	@Test
	void mutualTlsWithPkcs12Bundle() {
		Path keyStore = tls.clientKeyStore("PKCS12", "changeit");
		Path trustStore = tls.trustStore("PKCS12", "changeit");
		this.runner
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.jks.etcd.keystore.location=" + keyStore.toUri(),
					"spring.ssl.bundle.jks.etcd.keystore.password=changeit",
					"spring.ssl.bundle.jks.etcd.keystore.type=PKCS12",
					"spring.ssl.bundle.jks.etcd.truststore.location=" + trustStore.toUri(),
					"spring.ssl.bundle.jks.etcd.truststore.password=changeit",
					"spring.ssl.bundle.jks.etcd.truststore.type=PKCS12")
			.withPropertyValues(credentials(ROOT_PASSWORD))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EtcdClient client = context.getBean(EtcdClient.class);
				client.put("/secure/jks", "pkcs12");
				assertThat(client.get("/secure/jks")).map(EtcdKeyValue::value).contains("pkcs12");
			});
	}

	@Test
	void wrongPasswordFailsWithClearMessageThatDoesNotShowThePassword() {
		String wrong = "wrong-" + UUID.randomUUID();
		this.runner.withPropertyValues(pemBundle(tls.caCertificate()))
			.withPropertyValues(credentials(wrong))
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				assertThatExceptionOfType(EtcdAuthenticationException.class).isThrownBy(() -> client.get("/secure/pem"))
					.withMessageContaining("etcd.username")
					.withMessageContaining(etcd.endpoint())
					.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(wrong));
			});
	}

	@Test
	void untrustedServerCertificateFailsWithClearMessage() {
		this.runner.withPropertyValues(pemBundle(tls.untrustedCaCertificate()))
			.withPropertyValues(credentials(ROOT_PASSWORD))
			.withPropertyValues("etcd.request-timeout=3s")
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				assertThatExceptionOfType(EtcdConnectionException.class).isThrownBy(() -> client.get("/secure/pem"))
					.withMessageContaining(etcd.endpoint())
					.satisfies(
							(ex) -> assertThat(ex.getMessage()).containsAnyOf("PKIX", "certificate", "SSLHandshake"));
			});
	}

	@Test
	void plainTextClientIsRefusedByTlsServer() {
		this.runner
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint().replace("https://", "http://"),
					"etcd.request-timeout=2s")
			.withPropertyValues(credentials(ROOT_PASSWORD))
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				assertThatExceptionOfType(EtcdException.class).isThrownBy(() -> client.get("/secure/pem"))
					.withMessageContaining(etcd.endpoint().replace("https://", "http://"));
			});
	}

	private static String[] pemBundle(Path trustedCa) {
		return new String[] { "etcd.endpoints=" + etcd.endpoint(), "etcd.ssl.bundle=etcd",
				"spring.ssl.bundle.pem.etcd.truststore.certificate=" + trustedCa.toUri(),
				"spring.ssl.bundle.pem.etcd.keystore.certificate=" + tls.clientCertificate().toUri(),
				"spring.ssl.bundle.pem.etcd.keystore.private-key=" + tls.clientPrivateKey().toUri() };
	}

	private static String[] credentials(String password) {
		return new String[] { "etcd.username=root", "etcd.password=" + password,
				"etcd.connect-timeout=" + Duration.ofSeconds(3).toMillis() + "ms" };
	}

}
