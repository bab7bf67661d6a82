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

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Throw-away TLS material for etcd tests, generated at runtime: a CA, a server
 * certificate for {@code 127.0.0.1} and {@code localhost}, a client certificate, and an
 * unrelated second CA with its own client certificate for the "not trusted" cases. Every
 * file is PEM (certificates, and private keys as unencrypted PKCS#8) in a temporary
 * directory that {@link #close()} deletes.
 * <p>
 * With {@code --client-cert-auth} and auth enabled, etcd takes the client certificate's
 * common name as the user name; {@link #generate()} uses {@code root}. <pre class="code">
 * try (EtcdTls tls = EtcdTls.generate();
 * 		EtcdServer etcd = EtcdServer.builder().tls(tls).clientCertAuth(true).start()) {
 * 	Client client = Client.builder()
 * 		.endpoints(etcd.endpointUri())
 * 		.sslContext((ssl) -&gt; ssl.trustManager(tls.caCertificate().toFile())
 * 			.keyManager(tls.clientCertificate().toFile(), tls.clientPrivateKey().toFile()))
 * 		.build();
 * }
 * </pre> {@link #clientKeyStore(String, String)} and {@link #trustStore(String, String)}
 * write the same material as PKCS12 or JKS stores, for JKS SSL bundles.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdTls implements AutoCloseable {

	private static final Duration VALIDITY = Duration.ofDays(30);

	private static final SecureRandom random = new SecureRandom();

	private final Path directory;

	private final Issued ca;

	private final Issued client;

	private final Issued untrustedCa;

	private final Path caCertificate;

	private final Path serverCertificate;

	private final Path serverPrivateKey;

	private final Path clientCertificate;

	private final Path clientPrivateKey;

	private final Path untrustedCaCertificate;

	private final Path untrustedClientCertificate;

	private final Path untrustedClientPrivateKey;

	private EtcdTls(Path directory, String clientCommonName) throws GeneralSecurityException, IOException {
		this.directory = directory;
		this.ca = issueCa("etcd test CA");
		Issued server = issue(this.ca, "etcd test server", KeyPurposeId.id_kp_serverAuth, true);
		this.client = issue(this.ca, clientCommonName, KeyPurposeId.id_kp_clientAuth, false);
		this.untrustedCa = issueCa("untrusted etcd test CA");
		Issued untrustedClient = issue(this.untrustedCa, clientCommonName, KeyPurposeId.id_kp_clientAuth, false);
		this.caCertificate = writeCertificate("ca.crt", this.ca.certificate());
		this.serverCertificate = writeCertificate("server.crt", server.certificate());
		this.serverPrivateKey = writePrivateKey("server.key", server.keyPair().getPrivate());
		this.clientCertificate = writeCertificate("client.crt", this.client.certificate());
		this.clientPrivateKey = writePrivateKey("client.key", this.client.keyPair().getPrivate());
		this.untrustedCaCertificate = writeCertificate("untrusted-ca.crt", this.untrustedCa.certificate());
		this.untrustedClientCertificate = writeCertificate("untrusted-client.crt", untrustedClient.certificate());
		this.untrustedClientPrivateKey = writePrivateKey("untrusted-client.key",
				untrustedClient.keyPair().getPrivate());
	}

	/**
	 * Generate TLS material whose client certificate has the common name {@code root}.
	 * @return the material, to be closed
	 */
	public static EtcdTls generate() {
		return generate("root");
	}

	/**
	 * Generate TLS material.
	 * @param clientCommonName the client certificate's common name, which etcd takes as
	 * the user name when auth is enabled
	 * @return the material, to be closed
	 */
	public static EtcdTls generate(String clientCommonName) {
		@Nullable Path directory = null;
		try {
			directory = Files.createTempDirectory("etcd-tls-");
			EtcdTls tls = new EtcdTls(directory, clientCommonName);
			HarnessCleanup.register(tls, tls::deleteFiles);
			return tls;
		}
		catch (IOException | GeneralSecurityException ex) {
			if (directory != null) {
				TempFiles.deleteRecursively(directory);
			}
			throw new IllegalStateException("Could not generate TLS material for etcd", ex);
		}
	}

	/**
	 * Return the directory holding every file of this material.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Return the CA certificate that signed the server and client certificates.
	 * @return the PEM file
	 */
	public Path caCertificate() {
		return this.caCertificate;
	}

	/**
	 * Return the server certificate, valid for {@code 127.0.0.1} and {@code localhost}.
	 * @return the PEM file
	 */
	public Path serverCertificate() {
		return this.serverCertificate;
	}

	/**
	 * Return the server's private key.
	 * @return the PEM file (PKCS#8)
	 */
	public Path serverPrivateKey() {
		return this.serverPrivateKey;
	}

	/**
	 * Return the client certificate, signed by {@link #caCertificate()}.
	 * @return the PEM file
	 */
	public Path clientCertificate() {
		return this.clientCertificate;
	}

	/**
	 * Return the client's private key.
	 * @return the PEM file (PKCS#8)
	 */
	public Path clientPrivateKey() {
		return this.clientPrivateKey;
	}

	/**
	 * Return a CA certificate unrelated to the server's: a client trusting only it must
	 * reject the server.
	 * @return the PEM file
	 */
	public Path untrustedCaCertificate() {
		return this.untrustedCaCertificate;
	}

	/**
	 * Return a client certificate signed by {@link #untrustedCaCertificate()}: a server
	 * requiring client certificates must reject it.
	 * @return the PEM file
	 */
	public Path untrustedClientCertificate() {
		return this.untrustedClientCertificate;
	}

	/**
	 * Return the private key of {@link #untrustedClientCertificate()}.
	 * @return the PEM file (PKCS#8)
	 */
	public Path untrustedClientPrivateKey() {
		return this.untrustedClientPrivateKey;
	}

	/**
	 * Write a key store holding the client key and its chain (client certificate, CA)
	 * under the alias {@code client}, the key protected by the store password.
	 * @param type {@code PKCS12} or {@code JKS}
	 * @param password the store and key password
	 * @return the key store file
	 */
	public Path clientKeyStore(String type, String password) {
		return writeStore("client-keystore", type, password,
				(store) -> store.setKeyEntry("client", this.client.keyPair().getPrivate(), password.toCharArray(),
						new Certificate[] { this.client.certificate(), this.ca.certificate() }));
	}

	/**
	 * Write a trust store holding {@link #caCertificate()} under the alias {@code ca}.
	 * @param type {@code PKCS12} or {@code JKS}
	 * @param password the store password
	 * @return the trust store file
	 */
	public Path trustStore(String type, String password) {
		return writeStore("truststore", type, password,
				(store) -> store.setCertificateEntry("ca", this.ca.certificate()));
	}

	/**
	 * Write a trust store holding only {@link #untrustedCaCertificate()} under the alias
	 * {@code ca}.
	 * @param type {@code PKCS12} or {@code JKS}
	 * @param password the store password
	 * @return the trust store file
	 */
	public Path untrustedTrustStore(String type, String password) {
		return writeStore("untrusted-truststore", type, password,
				(store) -> store.setCertificateEntry("ca", this.untrustedCa.certificate()));
	}

	/**
	 * Delete the files.
	 */
	@Override
	public void close() {
		HarnessCleanup.unregister(this);
		deleteFiles();
	}

	private void deleteFiles() {
		TempFiles.deleteRecursively(this.directory);
	}

	private Path writeStore(String name, String type, String password, StoreContent content) {
		String extension = type.equalsIgnoreCase("PKCS12") ? "p12" : type.toLowerCase(Locale.ROOT);
		Path file = this.directory.resolve(name + "." + extension);
		try {
			KeyStore store = KeyStore.getInstance(type);
			store.load(null, null);
			content.addTo(store);
			try (OutputStream out = Files.newOutputStream(file)) {
				store.store(out, password.toCharArray());
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not write " + type + " store " + file, ex);
		}
	}

	private Path writeCertificate(String name, X509Certificate certificate)
			throws IOException, GeneralSecurityException {
		return writePem(name, "CERTIFICATE", certificate.getEncoded());
	}

	private Path writePrivateKey(String name, PrivateKey key) throws IOException {
		// The JDK encodes RSA private keys as PKCS#8, which etcd, Netty and Spring Boot
		// read.
		return writePem(name, "PRIVATE KEY", key.getEncoded());
	}

	private Path writePem(String name, String type, byte[] der) throws IOException {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		String pem = "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
		return Files.writeString(this.directory.resolve(name), pem, StandardCharsets.US_ASCII);
	}

	private static Issued issueCa(String commonName) throws GeneralSecurityException, CertIOException {
		KeyPair keyPair = newKeyPair();
		X500Name name = name(commonName);
		JcaX509v3CertificateBuilder builder = builder(name, name, keyPair.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
		return new Issued(sign(builder, keyPair.getPrivate()), keyPair);
	}

	private static Issued issue(Issued issuer, String commonName, KeyPurposeId purpose, boolean server)
			throws GeneralSecurityException, CertIOException {
		KeyPair keyPair = newKeyPair();
		JcaX509v3CertificateBuilder builder = builder(name(commonName),
				X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), keyPair.getPublic());
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true,
				new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
		if (server) {
			// etcd 3.4 also presents its server certificate as a client certificate
			// (gRPC gateway, peers), so it gets both usages.
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
					new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.dNSName, "localhost") }));
		}
		else {
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
		}
		return new Issued(sign(builder, issuer.keyPair().getPrivate()), keyPair);
	}

	private static JcaX509v3CertificateBuilder builder(X500Name subject, X500Name issuer, PublicKey publicKey)
			throws GeneralSecurityException, CertIOException {
		Instant now = Instant.now();
		// Back-dated an hour so that a slightly late clock elsewhere still accepts it.
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				new BigInteger(63, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
				Date.from(now.plus(VALIDITY)), subject, publicKey);
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				new JcaX509ExtensionUtils().createSubjectKeyIdentifier(publicKey));
		return builder;
	}

	private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	private static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048, random);
		return generator.generateKeyPair();
	}

	private static X500Name name(String commonName) {
		return new X500Name("CN=" + commonName);
	}

	private record Issued(X509Certificate certificate, KeyPair keyPair) {

	}

	@FunctionalInterface
	private interface StoreContent {

		void addTo(KeyStore store) throws GeneralSecurityException;

	}

}
