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
import java.util.concurrent.CompletableFuture;
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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One registration key under a lease, and the state machine that keeps it there: grant,
 * write, keep alive, watch the key; on a lost lease or a key deleted by someone else,
 * grant again and re-write, retrying with a bounded back-off until etcd answers. All work
 * runs on the registry's single executor thread, never on a callback thread, so the state
 * needs no locking.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdLeasedRegistration {

	private static final Log logger = LogFactory.getLog(EtcdLeasedRegistration.class);

	private final EtcdRegistration registration;

	private final String key;

	private final EtcdClient client;

	private final Duration ttl;

	private final ScheduledExecutorService executor;

	private final Listener listener;

	private final ExponentialBackOff backOff;

	private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

	private @Nullable EtcdKeepAlive keepAlive;

	private @Nullable EtcdWatchSubscription keyWatch;

	private @Nullable BackOffExecution retryBackOff;

	private @Nullable ScheduledFuture<?> retry;

	private boolean stopped;

	private volatile EtcdRegistrationState state = EtcdRegistrationState.UNREGISTERED;

	private volatile long leaseId;

	private volatile long lastKeepAliveNanos;

	EtcdLeasedRegistration(EtcdRegistration registration, EtcdClient client, Duration ttl,
			ScheduledExecutorService executor, Listener listener) {
		this.registration = registration;
		this.key = registration.getKey();
		this.client = client;
		this.ttl = ttl;
		this.executor = executor;
		this.listener = listener;
		this.backOff = new ExponentialBackOff(100, 2.0);
		this.backOff.setMaxInterval(1000);
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

	long lastKeepAliveNanos() {
		return this.lastKeepAliveNanos;
	}

	/**
	 * Start registering; the returned future completes after the first attempt, whether
	 * it succeeded or a retry was scheduled.
	 */
	CompletableFuture<Void> start() {
		this.executor.execute(() -> {
			transition(EtcdRegistrationState.REGISTERING, 0);
			attempt();
		});
		return this.firstAttempt;
	}

	/**
	 * Write the payload again (after a status change) if registered.
	 */
	CompletableFuture<Void> rewrite() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.executor.execute(() -> {
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
		});
		return done;
	}

	/**
	 * Stop keeping the registration and revoke its lease, which deletes the key.
	 */
	CompletableFuture<Void> stop() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.executor.execute(() -> {
			try {
				this.stopped = true;
				ScheduledFuture<?> retry = this.retry;
				if (retry != null) {
					retry.cancel(false);
				}
				long lease = this.leaseId;
				release();
				if (lease != 0) {
					revoke(lease);
				}
				transition(EtcdRegistrationState.UNREGISTERED, 0);
			}
			finally {
				done.complete(null);
			}
		});
		return done;
	}

	private void revoke(long lease) {
		try {
			this.client.revokeLease(lease);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke the lease of " + this.key + "; etcd deletes the key when the lease expires: "
					+ ex.getMessage());
		}
	}

	private void attempt() {
		this.retry = null;
		if (this.stopped) {
			return;
		}
		release();
		try {
			EtcdLease lease = this.client.grantLease(this.ttl);
			long revision = write(lease.id());
			this.keepAlive = this.client.keepAlive(lease.id(), new LeaseListener(lease.id()));
			this.keyWatch = this.client.watch(EtcdWatchOptions.key(this.key).fromRevision(revision + 1),
					new KeyListener(lease.id()));
			this.retryBackOff = null;
			this.lastKeepAliveNanos = System.nanoTime();
			transition(EtcdRegistrationState.REGISTERED, lease.id());
			logger.info("Registered " + this.registration + " in etcd with lease " + Long.toHexString(lease.id()));
		}
		catch (RuntimeException ex) {
			release();
			if (this.retryBackOff == null) {
				this.retryBackOff = this.backOff.start();
			}
			long delay = this.retryBackOff.nextBackOff();
			logger
				.warn("Could not register " + this.key + " in etcd; retrying in " + delay + " ms: " + ex.getMessage());
			this.retry = this.executor.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
		}
		finally {
			this.firstAttempt.complete(null);
		}
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

	private void transition(EtcdRegistrationState next, long lease) {
		EtcdRegistrationState previous = this.state;
		this.leaseId = lease;
		this.state = next;
		if (previous != next) {
			this.listener.onStateChanged(this.registration, previous, next, lease);
		}
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

	private final class LeaseListener implements EtcdKeepAliveListener {

		private final long lease;

		LeaseListener(long lease) {
			this.lease = lease;
		}

		@Override
		public void onKeepAlive(long leaseId, Duration ttl) {
			EtcdLeasedRegistration.this.lastKeepAliveNanos = System.nanoTime();
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

	}

	private void execute(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// The registry is closing.
		}
	}

}
