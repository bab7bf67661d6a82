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

package dev.etcdspring.serviceregistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.client.EtcdClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A {@link ServiceRegistry} writing each registration to its key under a lease of its
 * own, kept alive, re-granted and re-written when lost, and revoked on deregistration.
 * {@link #register} and {@link #deregister} wait for the first attempt, at most a few
 * request timeouts; a registration that could not be written yet keeps being retried in
 * the background. Publishes an {@link EtcdRegistrationStateChangedEvent} on every state
 * change.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdServiceRegistry implements ServiceRegistry<EtcdRegistration> {

	private static final Log logger = LogFactory.getLog(EtcdServiceRegistry.class);

	private final EtcdClient client;

	private final Duration ttl;

	private final @Nullable String username;

	private final @Nullable ApplicationEventPublisher publisher;

	private final ScheduledThreadPoolExecutor executor;

	private final Duration waitTimeout;

	private final Map<String, EtcdLeasedRegistration> registrations = new ConcurrentHashMap<>();

	private final AtomicLong regrants = new AtomicLong();

	private final AtomicLong keepAliveFailures = new AtomicLong();

	private volatile EtcdLeasedRegistration.@Nullable StepHook stepHook;

	/**
	 * Create a new instance.
	 * @param client the etcd client
	 * @param ttl the time to live of each registration's lease
	 * @param publisher where to publish state changes, or {@code null}
	 * @throws IllegalArgumentException if etcd cannot grant the time to live: it must be
	 * a whole number of seconds, at least one
	 */
	public EtcdServiceRegistry(EtcdClient client, Duration ttl, @Nullable ApplicationEventPublisher publisher) {
		this(client, ttl, null, publisher);
	}

	/**
	 * Create a new instance.
	 * @param client the etcd client
	 * @param ttl the time to live of each registration's lease
	 * @param username the etcd user the client authenticates as, named in the warning
	 * when etcd denies a registration, or {@code null}
	 * @param publisher where to publish state changes, or {@code null}
	 * @throws IllegalArgumentException if etcd cannot grant the time to live: it must be
	 * a whole number of seconds, at least one
	 */
	public EtcdServiceRegistry(EtcdClient client, Duration ttl, @Nullable String username,
			@Nullable ApplicationEventPublisher publisher) {
		this.client = client;
		this.ttl = EtcdRegistrationTtl.validate(ttl);
		this.username = username;
		this.publisher = publisher;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("etcd-registration-");
		threads.setDaemon(true);
		this.executor = new ScheduledThreadPoolExecutor(1, threads);
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		// grant + put + watch, each bounded by the request timeout, plus a margin
		this.waitTimeout = client.requestTimeout().multipliedBy(3).plusSeconds(1);
	}

	@Override
	public void register(EtcdRegistration registration) {
		awaitFirstAttempt(registration, startRegistering(registration));
	}

	/**
	 * Start registering without waiting: the registration is known to {@link #deregister}
	 * as soon as this returns, so a deregistration that follows at once stops it wherever
	 * it is.
	 * @param registration the registration
	 * @return completes after the first attempt
	 */
	CompletableFuture<Void> startRegistering(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = new EtcdLeasedRegistration(registration, this.client, this.ttl, this.username,
				this.executor, new Transitions(), this.stepHook);
		EtcdLeasedRegistration existing = this.registrations.putIfAbsent(registration.getKey(), leased);
		if (existing != null) {
			return CompletableFuture.completedFuture(null);
		}
		return leased.start();
	}

	void awaitFirstAttempt(EtcdRegistration registration, CompletableFuture<Void> firstAttempt) {
		await(firstAttempt, "registering " + registration.getKey());
	}

	/**
	 * Set what is called after each step of every registration attempt started from now
	 * on; for tests.
	 */
	void setStepHook(EtcdLeasedRegistration.@Nullable StepHook stepHook) {
		this.stepHook = stepHook;
	}

	@Override
	public void deregister(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = this.registrations.remove(registration.getKey());
		if (leased != null) {
			await(leased.stop(), "deregistering " + registration.getKey());
			logger.info("Deregistered " + registration + " from etcd");
		}
	}

	/**
	 * Deregister every registration and stop the registry's thread.
	 */
	@Override
	public void close() {
		for (EtcdLeasedRegistration leased : List.copyOf(this.registrations.values())) {
			deregister(leased.registration());
		}
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(this.waitTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.executor.shutdownNow();
		}
	}

	/**
	 * Set the status written in the registration's payload and re-write it if registered.
	 * Instances whose status is not {@code UP} are left out of discovery.
	 * @param registration the registration
	 * @param status the status, e.g. {@code UP} or {@code OUT_OF_SERVICE}
	 */
	@Override
	public void setStatus(EtcdRegistration registration, String status) {
		registration.setStatus(status);
		EtcdLeasedRegistration leased = this.registrations.get(registration.getKey());
		if (leased != null) {
			await(leased.rewrite(), "updating the status of " + registration.getKey());
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getStatus(EtcdRegistration registration) {
		return (T) registration.getStatus();
	}

	/**
	 * Return the state of a registration's lease.
	 * @param registration the registration
	 * @return the state, {@link EtcdRegistrationState#UNREGISTERED} when not registered
	 */
	public EtcdRegistrationState getState(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = this.registrations.get(registration.getKey());
		return (leased != null) ? leased.state() : EtcdRegistrationState.UNREGISTERED;
	}

	/**
	 * Return the id of the lease a registration's key is attached to.
	 * @param registration the registration
	 * @return the lease id, {@code 0} when it has none
	 */
	public long getLeaseId(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = this.registrations.get(registration.getKey());
		return (leased != null) ? leased.leaseId() : 0;
	}

	/**
	 * Return how long a registration's lease has left, estimated from the last
	 * acknowledged keep-alive (no network call).
	 * @param registration the registration
	 * @return the remaining time to live, or {@code null} when it has no lease
	 */
	public @Nullable Duration getRemainingTtl(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = this.registrations.get(registration.getKey());
		Duration granted = (leased != null) ? leased.grantedTtl() : null;
		if (leased == null || granted == null) {
			return null;
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - leased.lastKeepAliveNanos());
		Duration remaining = granted.minus(elapsed);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	/**
	 * Return the time to live etcd granted a registration's current lease. It may be
	 * longer than {@link #getTtl()}: etcd never grants less than its minimum lease TTL.
	 * @param registration the registration
	 * @return the granted time to live, or {@code null} when it has no lease
	 */
	public @Nullable Duration getGrantedTtl(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = this.registrations.get(registration.getKey());
		return (leased != null) ? leased.grantedTtl() : null;
	}

	/**
	 * Return why the last attempt to write a registration failed. Names the key and the
	 * missing permission, never credentials or values.
	 * @param registration the registration
	 * @return the reason, or {@code null} when its last attempt succeeded
	 */
	public @Nullable String getLastError(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = this.registrations.get(registration.getKey());
		return (leased != null) ? leased.lastError() : null;
	}

	/**
	 * Return how many attempts to write a registration failed in a row.
	 * @param registration the registration
	 * @return the count, {@code 0} once registered
	 */
	public int getConsecutiveFailures(EtcdRegistration registration) {
		EtcdLeasedRegistration leased = this.registrations.get(registration.getKey());
		return (leased != null) ? leased.consecutiveFailures() : 0;
	}

	/**
	 * Return how many registrations are currently written under a live lease.
	 * @return the count
	 */
	public int getRegisteredCount() {
		int count = 0;
		for (EtcdLeasedRegistration leased : this.registrations.values()) {
			if (leased.state() == EtcdRegistrationState.REGISTERED) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return the time to live asked for each lease.
	 * @return the time to live
	 * @see #getGrantedTtl(EtcdRegistration)
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	/**
	 * Return how many times a lost lease was granted again.
	 * @return the count
	 */
	public long getRegrantCount() {
		return this.regrants.get();
	}

	/**
	 * Return how many keep-alive failures etcd's client reported.
	 * @return the count
	 */
	public long getKeepAliveFailureCount() {
		return this.keepAliveFailures.get();
	}

	private void await(CompletableFuture<Void> future, String what) {
		try {
			future.get(this.waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Gave up waiting for " + what + " after " + this.waitTimeout.toMillis()
					+ " ms; it continues in the background");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			logger.warn("Failed " + what, ex.getCause());
		}
	}

	private final class Transitions implements EtcdLeasedRegistration.Listener {

		@Override
		public void onStateChanged(EtcdRegistration registration, EtcdRegistrationState previous,
				EtcdRegistrationState state, long leaseId) {
			ApplicationEventPublisher publisher = EtcdServiceRegistry.this.publisher;
			if (publisher != null) {
				try {
					publisher
						.publishEvent(new EtcdRegistrationStateChangedEvent(registration, previous, state, leaseId));
				}
				catch (RuntimeException ex) {
					logger.warn("A listener failed on the registration state change of " + registration.getKey(), ex);
				}
			}
		}

		@Override
		public void onRegrant() {
			EtcdServiceRegistry.this.regrants.incrementAndGet();
		}

		@Override
		public void onKeepAliveFailure() {
			EtcdServiceRegistry.this.keepAliveFailures.incrementAndGet();
		}

	}

}
