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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/**
 * Builds jetcd clients from {@link EtcdConnectionDetails} and the client properties. The
 * one place a jetcd {@link Client} is built, shared by the auto-configuration and the
 * {@code etcd:} config data loader.
 * <p>
 * Besides endpoints, credentials, namespace and TLS it sets what jetcd leaves open: a
 * deadline on every unary call, no waiting for a connection that is failing (so errors
 * say why, e.g. a refused connection or an untrusted certificate) and retries bounded by
 * the request timeout.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdClientFactory {

	/**
	 * The system property with which Netty decides, once, whether its buffer allocators
	 * emit JFR events.
	 */
	static final String NETTY_JFR_ENABLED = "io.netty.jfr.enabled";

	private final EtcdConnectionDetails connectionDetails;

	private final EtcdProperties properties;

	private final List<EtcdClientBuilderCustomizer> customizers;

	/**
	 * Create a new factory.
	 * @param connectionDetails where and how to connect
	 * @param properties timeouts, namespace and message size
	 * @param customizers customizers applied in order after the factory's own settings
	 */
	public EtcdClientFactory(EtcdConnectionDetails connectionDetails, EtcdProperties properties,
			List<EtcdClientBuilderCustomizer> customizers) {
		EtcdPropertiesValidator.validate(properties);
		this.connectionDetails = connectionDetails;
		this.properties = properties;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Build a jetcd client. Connections are made lazily, on first use.
	 * @return a new client, to be closed by the caller
	 */
	public Client createJetcdClient() {
		skipNettyJfrEventsUnlessRecording();
		// Retries end before the request timeout, so a call to a failing endpoint reports
		// the failure's cause (refused, untrusted certificate) rather than a bare
		// timeout.
		Duration requestTimeout = this.properties.getRequestTimeout();
		List<URI> endpoints = this.connectionDetails.getEndpoints();
		ClientBuilder builder = Client.builder()
			.endpoints(endpoints.toArray(URI[]::new))
			.connectTimeout(this.properties.getConnectTimeout())
			.keepaliveTime(this.properties.getKeepAliveTime())
			.keepaliveTimeout(this.properties.getKeepAliveTimeout())
			.keepaliveWithoutCalls(false)
			.waitForReady(false)
			.retryDelay(50)
			.retryMaxDelay(1000)
			.retryChronoUnit(java.time.temporal.ChronoUnit.MILLIS)
			.retryMaxAttempts(Integer.MAX_VALUE)
			.retryMaxDuration(requestTimeout.multipliedBy(4).dividedBy(5))
			.maxInboundMessageSize(
					(int) Math.min(Integer.MAX_VALUE, this.properties.getMaxInboundMessageSize().toBytes()))
			.interceptor(new UnaryDeadlineInterceptor(requestTimeout));
		String username = this.connectionDetails.getUsername();
		if (StringUtils.hasLength(username)) {
			builder.user(ByteSequence.from(username, StandardCharsets.UTF_8));
			String password = this.connectionDetails.getPassword();
			builder.password(ByteSequence.from((password != null) ? password : "", StandardCharsets.UTF_8));
		}
		String namespace = normalizeNamespace(this.properties.getNamespace());
		if (namespace != null) {
			builder.namespace(ByteSequence.from(namespace, StandardCharsets.UTF_8));
		}
		SslBundle sslBundle = this.connectionDetails.getSslBundle();
		boolean https = endpoints.stream().anyMatch((uri) -> "https".equalsIgnoreCase(uri.getScheme()));
		if (sslBundle != null || https) {
			builder.sslContext(sslContext(sslBundle));
		}
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * Switch off Netty's JFR events before jetcd's channel first initialises Netty,
	 * unless the application decided ({@code -Dio.netty.jfr.enabled}) or a recording is
	 * already set up. Netty's events are disabled by default in every JFR setting, but
	 * Netty still asks for one of them on its first pooled buffer, and loading an event
	 * class sets up JFR's event machinery (about 130 classes, and an instrumented copy of
	 * each event class) in a JVM where no recording runs: about 80 ms of CPU on the gRPC
	 * event loop at startup (BENCHMARKS.md, "Startup cost"). Once Netty has been
	 * initialised (by another library) the property changes nothing.
	 */
	static void skipNettyJfrEventsUnlessRecording() {
		skipNettyJfrEventsUnlessRecording(EtcdClientFactory::jfrInitialized);
	}

	static void skipNettyJfrEventsUnlessRecording(BooleanSupplier jfrInitialized) {
		if (System.getProperty(NETTY_JFR_ENABLED) == null && !jfrInitialized.getAsBoolean()) {
			System.setProperty(NETTY_JFR_ENABLED, "false");
		}
	}

	static boolean jfrInitialized() {
		try {
			return jdk.jfr.FlightRecorder.isInitialized();
		}
		catch (Throwable ex) {
			// no jdk.jfr module (or an image without JFR): Netty finds none either
			return false;
		}
	}

	/**
	 * Return the namespace without trailing slashes, so that {@code /t1/} and {@code /t1}
	 * both put {@code /config/...} at {@code /t1/config/...}.
	 * @param namespace the configured namespace
	 * @return the namespace to apply, or {@code null} for none
	 */
	static @Nullable String normalizeNamespace(@Nullable String namespace) {
		if (namespace == null) {
			return null;
		}
		String trimmed = StringUtils.trimTrailingCharacter(namespace.trim(), '/');
		return StringUtils.hasLength(trimmed) ? trimmed : null;
	}

	/**
	 * Return the endpoints as strings, for messages: without user information.
	 * @return the endpoints
	 */
	public List<String> endpoints() {
		return this.connectionDetails.getEndpoints().stream().map(EtcdEndpointUrls::withoutUserInfo).toList();
	}

	/**
	 * Build a jetcd client and an {@link EtcdClient} over it. Closing the returned client
	 * also closes the jetcd client.
	 * @return a new client, to be closed by the caller
	 */
	public DefaultEtcdClient createClient() {
		Client jetcd = createJetcdClient();
		return new DefaultEtcdClient(jetcd, endpoints(), this.connectionDetails.getUsername(), this.properties) {

			@Override
			public void close() {
				try {
					super.close();
				}
				finally {
					jetcd.close();
				}
			}

		};
	}

	/**
	 * Build an {@link EtcdClient} over a jetcd client built by this factory. Closing it
	 * leaves the jetcd client open.
	 * @param jetcd the jetcd client
	 * @return a new client, to be closed by the caller
	 */
	public DefaultEtcdClient createClient(Client jetcd) {
		return new DefaultEtcdClient(jetcd, endpoints(), this.connectionDetails.getUsername(), this.properties);
	}

	static SslContext sslContext(@Nullable SslBundle bundle) {
		try {
			SslContextBuilder builder = GrpcSslContexts.forClient();
			if (bundle != null) {
				builder.trustManager(bundle.getManagers().getTrustManagerFactory());
				if (bundle.getStores().getKeyStore() != null) {
					builder.keyManager(bundle.getManagers().getKeyManagerFactory());
				}
				SslOptions options = bundle.getOptions();
				if (options.getEnabledProtocols() != null) {
					builder.protocols(options.getEnabledProtocols());
				}
				if (options.getCiphers() != null) {
					builder.ciphers(Arrays.asList(options.getCiphers()));
				}
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Could not set up TLS for etcd from SSL bundle: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Gives every unary call a deadline, so a request never waits on the server longer
	 * than the request timeout. Streams (watch, keep-alive) are long-lived and get none.
	 */
	private static final class UnaryDeadlineInterceptor implements ClientInterceptor {

		private final long timeoutNanos;

		UnaryDeadlineInterceptor(Duration timeout) {
			this.timeoutNanos = timeout.toNanos();
		}

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
				Channel next) {
			if (method.getType() == MethodDescriptor.MethodType.UNARY && callOptions.getDeadline() == null) {
				callOptions = callOptions.withDeadlineAfter(this.timeoutNanos, TimeUnit.NANOSECONDS);
			}
			return next.newCall(method, callOptions);
		}

	}

}
