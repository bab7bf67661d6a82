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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the etcd client.
 *
 * @author etcd-spring-boot-starter authors
 */
@ConfigurationProperties("etcd")
public class EtcdProperties {

	/**
	 * Client URLs of the etcd members. An https URL means TLS.
	 */
	private List<String> endpoints = new ArrayList<>(List.of("http://127.0.0.1:2379"));

	/**
	 * Login user of etcd authentication.
	 */
	private @Nullable String username;

	/**
	 * Login password of etcd authentication.
	 */
	private @Nullable String password;

	/**
	 * Prefix applied to every key the application reads, writes and watches.
	 */
	private @Nullable String namespace;

	/**
	 * Time allowed to establish a connection to an endpoint.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Time within which every etcd request must answer or fail.
	 */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * Time without answers on a connection after which the client pings etcd, so that a
	 * member that hangs (rather than closes the connection) is noticed and its watches
	 * fail over or retry. etcd refuses pings more often than every 5 seconds by default.
	 */
	private Duration keepAliveTime = Duration.ofSeconds(30);

	/**
	 * Time a ping may go unanswered before the connection is considered dead.
	 */
	private Duration keepAliveTimeout = Duration.ofSeconds(10);

	/**
	 * Largest response accepted from etcd. Prefix reads are paged, so this only needs to
	 * hold one page of values.
	 */
	private DataSize maxInboundMessageSize = DataSize.ofMegabytes(16);

	private final Ssl ssl = new Ssl();

	private final Retry retry = new Retry();

	private final Delivery delivery = new Delivery();

	public List<String> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<String> endpoints) {
		this.endpoints = endpoints;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getKeepAliveTime() {
		return this.keepAliveTime;
	}

	public void setKeepAliveTime(Duration keepAliveTime) {
		this.keepAliveTime = keepAliveTime;
	}

	public Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	public void setKeepAliveTimeout(Duration keepAliveTimeout) {
		this.keepAliveTimeout = keepAliveTimeout;
	}

	public DataSize getMaxInboundMessageSize() {
		return this.maxInboundMessageSize;
	}

	public void setMaxInboundMessageSize(DataSize maxInboundMessageSize) {
		this.maxInboundMessageSize = maxInboundMessageSize;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Delivery getDelivery() {
		return this.delivery;
	}

	/**
	 * TLS settings.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle holding the trusted certificates and, for mutual TLS,
		 * the client certificate.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Back-off of everything the client keeps connected in the background: watches, lease
	 * keep-alives, and startup reads retried after an optional start.
	 */
	public static class Retry {

		/**
		 * Wait before the first retry.
		 */
		private Duration initialInterval = Duration.ofMillis(100);

		/**
		 * Factor applied to the wait after each consecutive failure.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait between two retries.
		 */
		private Duration maxInterval = Duration.ofSeconds(2);

		/**
		 * Random amount added to or taken from each wait, so that many instances do not
		 * retry in step.
		 */
		private Duration jitter = Duration.ofMillis(50);

		/**
		 * Wait between retries of something etcd refused for lack of permission or wrong
		 * credentials: such a failure lasts until an operator acts.
		 */
		private Duration deniedInterval = Duration.ofSeconds(30);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public Duration getDeniedInterval() {
			return this.deniedInterval;
		}

		public void setDeniedInterval(Duration deniedInterval) {
			this.deniedInterval = deniedInterval;
		}

	}

	/**
	 * Delivery of watch events and keep-alive answers to listeners.
	 */
	public static class Delivery {

		/**
		 * Most threads that run listeners at once, shared by every subscription.
		 */
		private int threads = 4;

		/**
		 * Most events a subscription holds for a listener that is behind. Past it the
		 * subscription drops what it holds and resumes from the last delivered revision.
		 */
		private int maxPendingEvents = 10_000;

		/**
		 * Most bytes of keys and values a subscription holds for a listener that is
		 * behind.
		 */
		private DataSize maxPendingSize = DataSize.ofMegabytes(64);

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public int getMaxPendingEvents() {
			return this.maxPendingEvents;
		}

		public void setMaxPendingEvents(int maxPendingEvents) {
			this.maxPendingEvents = maxPendingEvents;
		}

		public DataSize getMaxPendingSize() {
			return this.maxPendingSize;
		}

		public void setMaxPendingSize(DataSize maxPendingSize) {
			this.maxPendingSize = maxPendingSize;
		}

	}

}
