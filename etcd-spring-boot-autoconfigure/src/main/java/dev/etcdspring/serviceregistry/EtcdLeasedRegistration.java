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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdKeepAlive;
import dev.etcdspring.client.EtcdKeepAliveListener;
import dev.etcdspring.client.EtcdLease;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.discovery.EtcdInstancePayloadCodec;
import dev.etcdspring.serviceregistry.EtcdRegistrationRetryPolicy.Cause;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One registration key under a lease, and the state machine that keeps it there: grant,
 * write, keep alive, watch the key; on a lost lease or a key deleted by someone else,
 * grant again and re-write, retrying with the back-off of
 * {@link EtcdRegistrationRetryPolicy} until etcd answers. All work runs on the registry's
 * single executor thread, never on a callback thread, so the state needs no locking.
 * <p>
 * A lease this registration granted never outlives it unnoticed: an attempt that does not
 * end registered (it failed, or {@link #stop()} was called meanwhile) revokes the lease
 * it granted, and {@link #stop()} revokes every lease still known, so a stopped
 * registration leaves neither a key nor a lease behind.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdLeasedRegistration {

	private static final Log logger = LogFactory.getLog(EtcdLeasedRegistration.class);

	private final EtcdRegistration registration;

	private final String key;

	private final EtcdClient client;

	private final Duration ttl;

	private final @Nullable String username;

	private final ScheduledExecutorService executor;

	private final Listener listener;

	private final @Nullable StepHook stepHook;

	private final EtcdRegistrationRetryPolicy retryPolicy;

	private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

	/**
	 * Leases granted by this registration that may still exist in etcd, oldest first.
	 */
	private final Set<Long> grantedLeases = new LinkedHashSet<>();

	private @Nullable EtcdKeepAlive keepAlive;

	private @Nullable EtcdWatchSubscription keyWatch;

	private @Nullable ScheduledFuture<?> retry;

	private volatile boolean stopped;

	private volatile EtcdRegistrationState state = EtcdRegistrationState.UNREGISTERED;

	private volatile long leaseId;

	private volatile @Nullable Duration grantedTtl;

	private volatile long lastKeepAliveNanos;

	private volatile @Nullable String lastError;

	private volatile int consecutiveFailures;

	EtcdLeasedRegistration(EtcdRegistration registration, EtcdClient client, Duration ttl, @Nullable String username,
			ScheduledExecutorService executor, Listener listener, @Nullable StepHook stepHook) {
		this.registration = registration;
		this.key = registration.getKey();
		this.client = client;
		this.ttl = ttl;
		this.username = username;
		this.executor = executor;
		this.listener = listener;
		this.stepHook = stepHook;
		this.retryPolicy = new EtcdRegistrationRetryPolicy(client.retryPolicy());
	}

	EtcdRegistration registration() {
		return this.registration;
	}

	String key() {
		return this.key;
	}

	EtcdRegistrationState state() {
		return this.state;
	}

	long leaseId() {
		return this.leaseId;
	}

	/**
	 * Return the time to live etcd granted the current lease, as its last keep-alive
	 * answer said.
	 */
	@Nullable Duration grantedTtl() {
		return (this.leaseId != 0) ? this.grantedTtl : null;
	}

	long lastKeepAliveNanos() {
		return this.lastKeepAliveNanos;
	}

	/**
	 * Return why the last attempt failed, {@code null} once registered. Names the key and
	 * the permission, never the user or a value.
	 */
	@Nullable String lastError() {
		return this.lastError;
	}

	int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	boolean isStopping() {
		return this.stopped;
	}

	/**
	 * Start registering; the returned future completes after the first attempt, whether
	 * it succeeded or a retry was scheduled.
	 */
	CompletableFuture<Void> start() {
		if (!execute(() -> {
			if (this.stopped) {
				this.firstAttempt.complete(null);
				return;
			}
			transition(EtcdRegistrationState.REGISTERING, 0);
			attempt();
		})) {
			this.firstAttempt.complete(null);
		}
		return this.firstAttempt;
	}

	/**
	 * Write the payload again (after a status change) if registered.
	 */
	CompletableFuture<Void> rewrite() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		if (!execute(() -> {
			try {
				if (!this.stopped && this.state == EtcdRegistrationState.REGISTERED) {
					write(this.leaseId);
				}
			}
			catch (EtcdException ex) {
				leaseLost(this.leaseId, "re-writing the key failed: " + ex.getMessage());
			}
			finally {
				done.complete(null);
			}
		})) {
			done.complete(null);
		}
		return done;
	}

	/**
	 * Stop keeping the registration and revoke its leases, which deletes the key. Takes
	 * effect at once: an attempt in progress gives up at its next step and revokes what
	 * it granted, and no attempt starts afterwards.
	 */
	CompletableFuture<Void> stop() {
		this.stopped = true;
		CompletableFuture<Void> done = new CompletableFuture<>();
		if (!execute(() -> {
			try {
				ScheduledFuture<?> retry = this.retry;
				this.retry = null;
				if (retry != null) {
					retry.cancel(false);
				}
				release();
				revokeGrantedLeases();
				transition(EtcdRegistrationState.UNREGISTERED, 0);
			}
			finally {
				done.complete(null);
			}
		})) {
			done.complete(null);
		}
		return done;
	}

	private void attempt() {
		this.retry = null;
		if (this.stopped) {
			return;
		}
		release();
		long lease = 0;
		boolean registered = false;
		RuntimeException failure = null;
		try {
			EtcdLease granted = this.client.grantLease(this.ttl);
			lease = granted.id();
			this.grantedLeases.add(lease);
			reached(Step.LEASE_GRANTED, lease);
			long revision = write(lease);
			reached(Step.KEY_WRITTEN, lease);
			this.keepAlive = this.client.keepAlive(lease, new LeaseListener(lease));
			reached(Step.KEEP_ALIVE_STARTED, lease);
			// Only its DELETE matters: no previous values needed.
			this.keyWatch = this.client.watch(
					EtcdWatchOptions.key(this.key).fromRevision(revision + 1).withoutPreviousValues(),
					new KeyListener(lease));
			reached(Step.KEY_WATCHED, lease);
			registered = true;
			registered(granted);
		}
		catch (Stopped ex) {
			logger.debug("Registration of " + this.key + " was stopped while being written; undoing it");
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		finally {
			// Whatever ends this attempt short of registered (a failure, a stop, an
			// Error) undoes what it wrote.
			if (!registered) {
				abandon(lease);
			}
			if (failure != null) {
				retryLater(failure);
			}
			this.firstAttempt.complete(null);
		}
	}

	/**
	 * Undo an attempt that did not end registered: what it wrote must not stay listed
	 * under a lease nobody keeps alive for a whole TTL.
	 */
	private void abandon(long lease) {
		release();
		if (lease != 0) {
			revoke(lease);
		}
	}

	private void reached(Step step, long lease) {
		StepHook hook = this.stepHook;
		if (hook != null) {
			hook.reached(this, step, lease);
		}
		if (this.stopped) {
			throw new Stopped();
		}
	}

	private void registered(EtcdLease lease) {
		int failedBefore = this.retryPolicy.succeeded();
		this.consecutiveFailures = 0;
		this.lastError = null;
		this.grantedTtl = lease.ttl();
		this.lastKeepAliveNanos = System.nanoTime();
		transition(EtcdRegistrationState.REGISTERED, lease.id());
		logger.info("Registered " + this.registration + " in etcd with lease " + Long.toHexString(lease.id())
				+ ((failedBefore > 0) ? " after " + failedBefore + " failed attempt(s)" : ""));
		// Earlier leases no longer hold the key: revoking them only tidies up.
		for (long earlier : List.copyOf(this.grantedLeases)) {
			if (earlier != lease.id() && !revoke(earlier)) {
				break;
			}
		}
	}

	/**
	 * Schedule the next attempt after a failed one, as the retry policy decides, and
	 * report the failure: at WARN when a streak of failures starts, at DEBUG while it
	 * lasts.
	 */
	private void retryLater(RuntimeException failure) {
		if (this.stopped) {
			return;
		}
		EtcdRegistrationRetryPolicy.Retry retry = this.retryPolicy.failed(failure);
		this.consecutiveFailures = retry.failures();
		this.lastError = describe(retry.cause(), failure);
		if (retry.cause().isDenied()) {
			transition(EtcdRegistrationState.DENIED, 0);
		}
		else if (this.state == EtcdRegistrationState.DENIED) {
			transition(EtcdRegistrationState.REGISTERING, 0);
		}
		String message = logMessage(retry, failure);
		if (retry.newStreak()) {
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + " (" + retry.failures() + " failed attempts in a row)");
		}
		try {
			this.retry = this.executor.schedule(this::attempt, retry.delayMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The registry is closing.
		}
	}

	private String logMessage(EtcdRegistrationRetryPolicy.Retry retry, RuntimeException failure) {
		String retrying = "; retrying in " + retry.delayMillis() + " ms";
		return switch (retry.cause()) {
			case PERMISSION_DENIED -> "etcd denied registering " + this.key + ": " + user()
					+ " may not write the key. Grant it write permission on the key's prefix '" + keyPrefix()
					+ "' (for example 'etcdctl role grant-permission <role> --prefix=true readwrite " + keyPrefix()
					+ "'); registration continues once it may" + retrying + " (etcd: permission denied)";
			case CREDENTIALS_REJECTED -> "etcd rejected the credentials of " + user() + " while registering " + this.key
					+ "; check etcd.username and etcd.password" + retrying + ": " + failure.getMessage();
			case UNAVAILABLE -> "Could not register " + this.key + " in etcd" + retrying + ": " + failure.getMessage();
		};
	}

	private String describe(Cause cause, RuntimeException failure) {
		return switch (cause) {
			case PERMISSION_DENIED -> "permission denied: the etcd user (etcd.username) may not write '" + this.key
					+ "'; it needs write permission on '" + keyPrefix() + "'";
			case CREDENTIALS_REJECTED -> "etcd rejected the credentials (etcd.username, etcd.password)";
			case UNAVAILABLE -> String.valueOf(failure.getMessage());
		};
	}

	private String user() {
		return (this.username != null) ? "user '" + this.username + "' (etcd.username)"
				: "the etcd user (etcd.username is not set)";
	}

	/**
	 * The service's part of the registration key, which every instance of the service
	 * writes below.
	 */
	private String keyPrefix() {
		return this.key.substring(0, this.key.lastIndexOf('/') + 1);
	}

	private long write(long lease) {
		return this.client.put(this.key, EtcdInstancePayloadCodec.write(this.registration.toPayload()), lease);
	}

	private void release() {
		EtcdWatchSubscription watch = this.keyWatch;
		this.keyWatch = null;
		if (watch != null) {
			watch.close();
		}
		EtcdKeepAlive keepAlive = this.keepAlive;
		this.keepAlive = null;
		if (keepAlive != null) {
			keepAlive.close();
		}
	}

	/**
	 * Revoke a lease this registration granted, deleting what is attached to it.
	 * @return whether etcd answered (the lease is gone), {@code false} if it could not be
	 * asked
	 */
	private boolean revoke(long lease) {
		try {
			this.client.revokeLease(lease);
			this.grantedLeases.remove(lease);
			return true;
		}
		catch (RuntimeException ex) {
			if (isLeaseNotFound(ex)) {
				this.grantedLeases.remove(lease);
				return true;
			}
			logger.warn("Could not revoke the lease " + Long.toHexString(lease) + " of " + this.key
					+ "; etcd deletes the key when the lease expires: " + ex.getMessage());
			return false;
		}
	}

	/**
	 * Revoke every lease that may still exist, newest first (the one holding the key),
	 * giving up at the first that etcd cannot be asked about: the others then expire on
	 * their own, and waiting a request timeout for each would only delay shutdown.
	 */
	private void revokeGrantedLeases() {
		List<Long> leases = List.copyOf(this.grantedLeases);
		for (int i = leases.size() - 1; i >= 0; i--) {
			if (!revoke(leases.get(i))) {
				return;
			}
		}
	}

	private static boolean isLeaseNotFound(RuntimeException ex) {
		return ex instanceof EtcdException && ex.getMessage() != null
				&& ex.getMessage().contains("requested lease not found");
	}

	private void leaseLost(long lease, String reason) {
		if (this.stopped || lease != this.leaseId || this.state != EtcdRegistrationState.REGISTERED) {
			return;
		}
		logger.warn("Lost the lease " + Long.toHexString(lease) + " of " + this.key + " (" + reason
				+ "); granting a new one");
		this.listener.onRegrant();
		transition(EtcdRegistrationState.LEASE_LOST, 0);
		attempt();
	}

	private void keyDeleted(long lease) {
		if (this.stopped || lease != this.leaseId || this.state != EtcdRegistrationState.REGISTERED) {
			return;
		}
		try {
			write(lease);
			logger.warn("The registration key " + this.key + " was deleted by someone else; re-written");
		}
		catch (EtcdException ex) {
			leaseLost(lease, "the key was deleted and re-writing it failed: " + ex.getMessage());
		}
	}

	/**
	 * etcd refuses to let the user read its own registration key. The registration itself
	 * is unaffected; only a deletion by someone else goes unnoticed. The watch is closed
	 * rather than left to jetcd, which would re-authenticate and re-watch every 500 ms
	 * forever; it is opened again with the next lease.
	 */
	private void keyWatchDenied(long lease) {
		if (this.stopped || lease != this.leaseId || this.keyWatch == null) {
			return;
		}
		EtcdWatchSubscription watch = this.keyWatch;
		this.keyWatch = null;
		watch.close();
		logger.warn("etcd denied watching the registration key " + this.key + " to " + user()
				+ ": the instance stays registered, but if someone else deletes the key it is not written again"
				+ " until the lease is next granted. Grant read permission on '" + keyPrefix() + "' to watch it"
				+ " (etcd: permission denied)");
	}

	private void transition(EtcdRegistrationState next, long lease) {
		EtcdRegistrationState previous = this.state;
		this.leaseId = lease;
		this.state = next;
		if (previous != next) {
			this.listener.onStateChanged(this.registration, previous, next, lease);
		}
	}

	private boolean execute(Runnable task) {
		try {
			this.executor.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			// The registry is closing.
			return false;
		}
	}

	/**
	 * The steps of an attempt, in order.
	 */
	enum Step {

		/**
		 * etcd granted the lease.
		 */
		LEASE_GRANTED,

		/**
		 * The key is written under the lease.
		 */
		KEY_WRITTEN,

		/**
		 * The lease is kept alive.
		 */
		KEEP_ALIVE_STARTED,

		/**
		 * The key is watched, the last step before the registration counts as registered.
		 */
		KEY_WATCHED

	}

	/**
	 * Called on the executor thread after each step of an attempt, before the
	 * registration checks whether it was stopped meanwhile. A test seam: lets a test stop
	 * the registration, or fail it, between two steps.
	 */
	@FunctionalInterface
	interface StepHook {

		void reached(EtcdLeasedRegistration registration, Step step, long leaseId);

	}

	/**
	 * Told of what happens to the registration, on the executor thread.
	 */
	interface Listener {

		void onStateChanged(EtcdRegistration registration, EtcdRegistrationState previous, EtcdRegistrationState state,
				long leaseId);

		void onRegrant();

		void onKeepAliveFailure();

	}

	/**
	 * Thrown between two steps of an attempt when the registration was stopped meanwhile.
	 */
	private static final class Stopped extends RuntimeException {

		Stopped() {
			super(null, null, false, false);
		}

	}

	private final class LeaseListener implements EtcdKeepAliveListener {

		private final long lease;

		LeaseListener(long lease) {
			this.lease = lease;
		}

		@Override
		public void onKeepAlive(long leaseId, Duration ttl) {
			EtcdLeasedRegistration.this.lastKeepAliveNanos = System.nanoTime();
			if (leaseId == EtcdLeasedRegistration.this.leaseId) {
				// What etcd granted: at least its minimum lease TTL.
				EtcdLeasedRegistration.this.grantedTtl = ttl;
			}
		}

		@Override
		public void onError(long leaseId, EtcdException error) {
			EtcdLeasedRegistration.this.listener.onKeepAliveFailure();
			logger
				.info("Keep-alive of the lease " + Long.toHexString(leaseId) + " of " + EtcdLeasedRegistration.this.key
						+ " failed; it is retried while the lease lives: " + error.getMessage());
		}

		@Override
		public void onLost(long leaseId) {
			execute(() -> leaseLost(this.lease, "etcd no longer keeps it alive"));
		}

	}

	private final class KeyListener implements EtcdWatchListener {

		private final long lease;

		KeyListener(long lease) {
			this.lease = lease;
		}

		@Override
		public void onEvent(EtcdWatchEvent event) {
			if (event.type() == EtcdWatchEvent.Type.DELETE) {
				execute(() -> keyDeleted(this.lease));
			}
		}

		@Override
		public void onError(EtcdException error) {
			// Only a missing permission: an expired token is renewed by jetcd itself.
			if (EtcdRegistrationRetryPolicy.causeOf(error) == Cause.PERMISSION_DENIED) {
				execute(() -> keyWatchDenied(this.lease));
			}
		}

	}

}
