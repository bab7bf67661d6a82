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

package dev.etcdspring.test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.etcdspring.test.EtcdServerTests.get;
import static dev.etcdspring.test.EtcdServerTests.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link EtcdTls} and TLS servers.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdTlsTests {

	private static EtcdTls tls;

	private static EtcdServer etcd;

	@BeforeAll
	static void startTlsServer() {
		tls = EtcdTls.generate();
		etcd = EtcdServer.builder().name("tls").tls(tls).clientCertAuth(true).start();
	}

	@AfterAll
	static void stopTlsServer() {
		if (etcd != null) {
			etcd.close();
		}
		if (tls != null) {
			tls.close();
		}
	}

	@Test
	void certificatesNameTheLoopbackServerAndTheRootClient() throws Exception {
		X509Certificate ca = certificate(tls.caCertificate());
		X509Certificate server = certificate(tls.serverCertificate());
		X509Certificate client = certificate(tls.clientCertificate());
		server.verify(ca.getPublicKey());
		client.verify(ca.getPublicKey());
		assertThat(server.getSubjectAlternativeNames()).extracting((name) -> (Object) name.get(1))
			.containsExactlyInAnyOrder((Object) "127.0.0.1", "localhost");
		assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=root");
		assertThat(certificate(tls.untrustedClientCertificate()).getIssuerX500Principal())
			.isEqualTo(certificate(tls.untrustedCaCertificate()).getSubjectX500Principal())
			.isNotEqualTo(ca.getSubjectX500Principal());
		assertThat(Files.readString(tls.clientPrivateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
	}

	@Test
	void serverWithClientCertAuthAcceptsTheClientCertificate() throws Exception {
		assertThat(etcd.endpoint()).startsWith("https://127.0.0.1:");
		try (Client client = Client.builder()
			.endpoints(etcd.endpointUri())
			.sslContext((ssl) -> ssl.trustManager(tls.caCertificate().toFile())
				.keyManager(tls.clientCertificate().toFile(), tls.clientPrivateKey().toFile()))
			.build()) {
			put(client, "/tls/key", "secured");
			assertThat(get(client, "/tls/key")).isEqualTo("secured");
		}
	}

	@Test
	void serverWithClientCertAuthRejectsAClientWithoutCertificate() throws Exception {
		try (Client client = failFast(Client.builder()
			.endpoints(etcd.endpointUri())
			.sslContext((ssl) -> ssl.trustManager(tls.caCertificate().toFile())))) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> put(client, "/tls/key", "x"))
				.havingRootCause()
				.isInstanceOf(SSLHandshakeException.class)
				.satisfies(EtcdTlsTests::isClientCertificateRejection);
		}
	}

	@Test
	void serverWithClientCertAuthRejectsAnUntrustedClientCertificate() throws Exception {
		try (Client client = failFast(Client.builder()
			.endpoints(etcd.endpointUri())
			.sslContext((ssl) -> ssl.trustManager(tls.caCertificate().toFile())
				.keyManager(tls.untrustedClientCertificate().toFile(), tls.untrustedClientPrivateKey().toFile())))) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> put(client, "/tls/key", "x"))
				.havingRootCause()
				.isInstanceOf(SSLHandshakeException.class)
				.satisfies(EtcdTlsTests::isClientCertificateRejection);
		}
	}

	@Test
	void clientTrustingAnotherCaRejectsTheServer() throws Exception {
		try (Client client = failFast(Client.builder()
			.endpoints(etcd.endpointUri())
			.sslContext((ssl) -> ssl.trustManager(tls.untrustedCaCertificate().toFile())
				.keyManager(tls.clientCertificate().toFile(), tls.clientPrivateKey().toFile())))) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> put(client, "/tls/key", "x"))
				.havingRootCause()
				.withMessageContaining("unable to find valid certification path");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "PKCS12", "JKS" })
	void keyStoreAndTrustStoreConnectToTheServer(String type) throws Exception {
		KeyStore keyStore = load(tls.clientKeyStore(type, "store-secret"), type, "store-secret");
		KeyStore trustStore = load(tls.trustStore(type, "trust-secret"), type, "trust-secret");
		assertThat(keyStore.getCertificateChain("client")).hasSize(2);
		assertThat(trustStore.isCertificateEntry("ca")).isTrue();
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, "store-secret".toCharArray());
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trustStore);
		try (Client client = Client.builder()
			.endpoints(etcd.endpointUri())
			.sslContext((ssl) -> ssl.keyManager(keyManagers).trustManager(trustManagers))
			.build()) {
			put(client, "/tls/" + type, type);
			assertThat(get(client, "/tls/" + type)).isEqualTo(type);
		}
	}

	@Test
	void untrustedTrustStoreHoldsOnlyTheOtherCa() throws Exception {
		KeyStore trustStore = load(tls.untrustedTrustStore("PKCS12", "secret"), "PKCS12", "secret");
		assertThat(List.of(trustStore.getCertificate("ca"))).containsExactly(certificate(tls.untrustedCaCertificate()));
	}

	@Test
	void clientCertificateCommonNameIsTheUserOnceAuthIsEnabled() throws Exception {
		try (EtcdServer authEtcd = EtcdServer.builder().name("tls-auth").tls(tls).clientCertAuth(true).start()) {
			authEtcd.enableAuth("root-secret");
			// No password: etcd takes the certificate's common name, root, as the user.
			try (Client client = authEtcd.clientBuilder().build()) {
				put(client, "/tls/auth", "by certificate");
				assertThat(get(client, "/tls/auth")).isEqualTo("by certificate");
			}
		}
	}

	private static Client failFast(ClientBuilder builder) {
		// Without this, a call waits for a connection that will never be made.
		return builder.waitForReady(false).retryMaxAttempts(0).build();
	}

	/**
	 * The server's alert for a missing or unacceptable client certificate:
	 * {@code bad_certificate} from etcd 3.4 (Go 1.19), {@code certificate_required} (the
	 * TLS 1.3 alert) from etcd 3.5 built with a newer Go, where the client does not even
	 * offer a certificate whose issuer the server did not list.
	 */
	private static void isClientCertificateRejection(Throwable ex) {
		assertThat(ex.getMessage()).containsAnyOf("bad_certificate", "certificate_required");
	}

	private static X509Certificate certificate(Path file) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

	private static KeyStore load(Path file, String type, String password) throws Exception {
		KeyStore store = KeyStore.getInstance(type);
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, password.toCharArray());
		}
		return store;
	}

}
