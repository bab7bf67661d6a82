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

package dev.etcdspring.leader;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.client.EtcdBackgroundTask;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdGetResult;
import dev.etcdspring.client.EtcdKeepAlive;
import dev.etcdspring.client.EtcdKeepAliveListener;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.client.EtcdLease;
import dev.etcdspring.client.EtcdRetryPolicy;
import dev.etcdspring.client.EtcdTransactionResult;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.LeaderEventPublisher;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Campaigns for leadership of a {@link Candidate}'s role in etcd, with etcd's election
 * recipe: a key {@code {prefix}/{role}/{lease hex}} attached to a lease of the candidate,
 * kept alive while it runs; the key with the lowest create revision leads, every other
 * candidate watches the key just ahead of its own and reads the queue again when it is
 * deleted. Nothing polls.
 * <p>
 * On leadership the candidate's {@link Candidate#onGranted(Context) onGranted} is called
 * and an {@code OnGrantedEvent} published; on its loss
 * {@link Candidate#onRevoked(Context) onRevoked} and an {@code OnRevokedEvent}, both on a
 * thread of the initiator (one at a time, in order). {@link Context#yield()} gives
 * leadership up and queues again at the end. Leadership ends:
 * <ul>
 * <li>at once on {@link #stop()}, which revokes the lease so the next candidate leads
 * within milliseconds;</li>
 * <li>when etcd answered no keep-alive for 80% of the lease's time to live: the leader
 * steps down before etcd could let the lease expire and grant leadership to another, and
 * leads again if etcd answers before the lease ends;</li>
 * <li>when the lease is lost or the key deleted; the candidate then campaigns again.</li>
 * </ul>
 * A candidate that dies without stopping is replaced after the time to live. Every etcd
 * call is bounded by {@code etcd.request-timeout}; failures are retried with
 * {@code etcd.retry.*}.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLeaderInitiator implements SmartLifecycle, DisposableBean {

	/**
	 * The default lifecycle phase, the one of Spring Integration's own initiators: late
	 * to start, early to stop.
	 */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 1000;

	private static final Log logger = LogFactory.getLog(EtcdLeaderInitiator.class);

	/**
	 * The share of the lease's time to live without a keep-alive answer after which the
	 * leader steps down: the lease lives at least the full time to live after etcd last
	 * refreshed it, so the rest is the margin for the callbacks to stop the leader's
	 * work.
	 */
	private static final double STEP_DOWN_SHARE = 0.8;

	private final EtcdClient client;

	private final Candidate candidate;

	private final String role;

	private final String queuePrefix;

	private final Duration ttl;

	private final EtcdRetryPolicy retryPolicy;

	private final Context context = new EtcdLeaderContext();

	/**
	 * Runs the campaign: every change of the state below happens on its one thread.
	 */
	private final ScheduledThreadPoolExecutor executor;

	/**
	 * Calls the candidate and publishes events, one at a time, so a slow candidate never
	 * delays the campaign (or a step-down).
	 */
	private final ThreadPoolExecutor callbacks;

	private final Set<EtcdBackgroundTask> revocations = ConcurrentHashMap.newKeySet();

	private final AtomicLong grants = new AtomicLong();

	private final AtomicLong revokes = new AtomicLong();

	private final AtomicLong lostLeases = new AtomicLong();

	private @Nullable LeaderEventPublisher leaderEventPublisher;

	private boolean autoStartup = true;

	private int phase = DEFAULT_PHASE;

	// State of the campaign, changed on the executor thread only.

	private long epoch;

	private @Nullable EtcdLease lease;

	private @Nullable EtcdKeepAlive keepAlive;

	private @Nullable EtcdWatchSubscription watch;

	private @Nullable BackOffExecution backOff;

	private @Nullable ScheduledFuture<?> retry;

	private @Nullable ScheduledFuture<?> watchdog;

	private int failures;

	// Read by any thread.

	private volatile boolean running;

	private volatile boolean leader;

	private volatile boolean suspended;

	private volatile @Nullable String key;

	private volatile long revision;

	private volatile long lastAckNanos;

	private volatile long grantedTtlNanos;

	private volatile long leaderSince;

	private volatile @Nullable String lastError;

	/**
	 * Create an initiator.
	 * @param client the client
	 * @param candidate the candidate; its role names the election
	 * @param prefix the root of the election keys, such as {@code /leaders}
	 * @param ttl the time to live of the candidate's lease, at least one second
	 */
	public EtcdLeaderInitiator(EtcdClient client, Candidate candidate, String prefix, Duration ttl) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(candidate, "'candidate' must not be null");
		Assert.hasText(candidate.getRole(), "The candidate's role must not be empty");
		Assert.isTrue(ttl.toMillis() >= 1000, "The leader TTL must be at least one second");
		this.client = client;
		this.candidate = candidate;
		this.role = candidate.getRole();
		this.queuePrefix = StringUtils.trimTrailingCharacter(prefix.trim(), '/') + "/" + this.role + "/";
		this.ttl = ttl;
		this.retryPolicy = client.retryPolicy();
		this.executor = new ScheduledThreadPoolExecutor(1, threads("etcd-leader-" + this.role + "-"));
		this.executor.setRemoveOnCancelPolicy(true);
		this.callbacks = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				threads("etcd-leader-" + this.role + "-events-"));
		this.callbacks.allowCoreThreadTimeOut(true);
	}

	private static CustomizableThreadFactory threads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Set the publisher of {@code OnGrantedEvent} and {@code OnRevokedEvent}; none are
	 * published without one.
	 * @param leaderEventPublisher the publisher
	 */
	public void setLeaderEventPublisher(LeaderEventPublisher leaderEventPublisher) {
		this.leaderEventPublisher = leaderEventPublisher;
	}

	/**
	 * Set whether the initiator starts with the application context.
	 * @param autoStartup whether to start automatically
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Set the lifecycle phase.
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the candidate.
	 * @return the candidate
	 */
	public Candidate getCandidate() {
		return this.candidate;
	}

	/**
	 * Return the role the candidate campaigns for.
	 * @return the role
	 */
	public String getRole() {
		return this.role;
	}

	/**
	 * Return the context handed to the candidate: whether it leads, and a way to yield.
	 * @return the context
	 */
	public Context getContext() {
		return this.context;
	}

	/**
	 * Return whether the candidate leads now.
	 * @return whether the candidate is the leader
	 */
	public boolean isLeader() {
		return this.leader;
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		execute(() -> {
			long tick = Math.min(1000, Math.max(100, this.ttl.toMillis() / 20));
			this.watchdog = this.executor.scheduleWithFixedDelay(this::checkKeepAlive, tick, tick,
					TimeUnit.MILLISECONDS);
			campaign();
		});
	}

	/**
	 * Stop campaigning: leadership is revoked (the candidate told) and the lease revoked,
	 * so the next candidate leads at once. Returns when etcd confirmed the revocation or
	 * did not answer within {@code etcd.request-timeout}.
	 */
	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		Duration limit = this.client.requestTimeout().plusSeconds(5);
		await(submit(() -> {
			cancel(this.retry);
			cancel(this.watchdog);
			this.retry = null;
			this.watchdog = null;
			stepDown("the initiator is stopping");
			long revoked = closeSession(false);
			if (revoked != 0) {
				try {
					revokeIfPresent(revoked);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not revoke the lease " + Long.toHexString(revoked) + " of the candidate for "
							+ describeRole() + "; the next candidate leads once it expires: " + ex.getMessage());
				}
			}
		}), limit);
		// Let the candidate hear of the revocation before stop returns.
		try {
			await(this.callbacks.submit(() -> {
			}), limit);
		}
		catch (RejectedExecutionException ex) {
			// Destroyed.
		}
	}

	/**
	 * Stop and release the initiator's threads.
	 */
	@Override
	public void destroy() {
		stop();
		this.executor.shutdownNow();
		this.callbacks.shutdown();
		this.revocations.forEach(EtcdBackgroundTask::close);
	}

	/**
	 * Give up leadership, if held, and queue again behind the other candidates.
	 */
	public void yieldLeadership() {
		execute(() -> {
			if (!this.running || !this.leader) {
				return;
			}
			logger.info("The candidate " + describeCandidate() + " yields leadership of " + describeRole());
			stepDown("it yielded");
			closeWatch();
			String ownKey = this.key;
			long ownRevision = this.revision;
			this.revision = 0;
			try {
				if (ownKey != null && ownRevision != 0) {
					this.client.transaction().ifModRevision(ownKey, ownRevision).delete(ownKey).commit();
				}
				campaign();
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		});
	}

	/**
	 * Grant and keep alive a lease if there is none, write the candidate's key if it is
	 * not written, then find out whether it leads. A failure is retried after the
	 * back-off.
	 */
	private void campaign() {
		this.retry = null;
		if (!this.running) {
			return;
		}
		try {
			if (this.lease == null) {
				openSession();
			}
			while (true) {
				if (this.revision == 0) {
					writeKey();
				}
				if (check()) {
					break;
				}
			}
			succeeded();
		}
		catch (RuntimeException ex) {
			EtcdLease lease = this.lease;
			if (lease != null && isLeaseNotFound(ex)) {
				// The lease expired before its keep-alive said so: start over at once.
				leaseLost(this.epoch, lease.id());
				return;
			}
			failed(ex);
		}
	}

	private static boolean isLeaseNotFound(Throwable ex) {
		return ex instanceof EtcdException && ex.getMessage() != null
				&& ex.getMessage().contains("requested lease not found");
	}

	private void openSession() {
		EtcdLease granted = this.client.grantLease(this.ttl);
		long epoch = ++this.epoch;
		this.lease = granted;
		this.key = this.queuePrefix + Long.toHexString(granted.id());
		this.revision = 0;
		this.grantedTtlNanos = granted.ttl().toNanos();
		this.lastAckNanos = System.nanoTime();
		this.suspended = false;
		try {
			this.keepAlive = this.client.keepAlive(granted.id(), new KeepAliveListener(epoch, granted.id()));
		}
		catch (RuntimeException ex) {
			closeSession(true);
			throw ex;
		}
	}

	/**
	 * Put the candidate's key if absent. A key already there is the candidate's own, from
	 * an attempt whose end etcd did not confirm: it is replaced.
	 */
	private void writeKey() {
		String ownKey = requireKey();
		long leaseId = requireLease().id();
		EtcdTransactionResult result = putIfAbsent(ownKey, leaseId);
		if (!result.succeeded()) {
			this.client.delete(ownKey);
			result = putIfAbsent(ownKey, leaseId);
			if (!result.succeeded()) {
				throw new IllegalStateException("The election key " + ownKey + " was written again while replacing it;"
						+ " is another candidate using the same lease?");
			}
		}
		this.revision = result.revision();
	}

	private EtcdTransactionResult putIfAbsent(String ownKey, long leaseId) {
		return this.client.transaction().ifAbsent(ownKey).put(ownKey, this.candidate.getId(), leaseId).commit();
	}

	/**
	 * Read the queue: lead if the candidate's key is first, otherwise watch the key just
	 * ahead of it.
	 * @return {@code false} if the candidate's key is gone and must be written again
	 */
	private boolean check() {
		closeWatch();
		String ownKey = requireKey();
		EtcdGetResult queue = this.client.getPrefix(this.queuePrefix);
		EtcdKeyValue predecessor = null;
		boolean queued = false;
		for (EtcdKeyValue keyValue : queue.keyValues()) {
			if (keyValue.key().equals(ownKey)) {
				queued = keyValue.createRevision() == this.revision;
			}
			else if (isQueueKey(keyValue.key()) && keyValue.createRevision() < this.revision
					&& (predecessor == null || keyValue.createRevision() > predecessor.createRevision())) {
				predecessor = keyValue;
			}
		}
		if (!queued) {
			stepDown("its key " + ownKey + " was deleted");
			this.revision = 0;
			return false;
		}
		long epoch = this.epoch;
		long from = queue.revision() + 1;
		// Both watches wait for a DELETE only: no previous values needed.
		if (predecessor == null) {
			this.watch = this.client.watch(
					EtcdWatchOptions.key(ownKey)
						.fromRevision(from)
						.withoutPreviousValues()
						.describedAs("leader key of " + describeRole()),
					new KeyDeletedListener(epoch, this::ownKeyDeleted));
			if (!this.suspended) {
				becomeLeader();
			}
		}
		else {
			stepDown("another candidate leads");
			this.watch = this.client.watch(
					EtcdWatchOptions.key(predecessor.key())
						.fromRevision(from)
						.withoutPreviousValues()
						.describedAs("candidate for " + describeRole() + " waiting for its predecessor"),
					new KeyDeletedListener(epoch, this::predecessorDeleted));
		}
		return true;
	}

	private boolean isQueueKey(String key) {
		return key.startsWith(this.queuePrefix) && key.indexOf('/', this.queuePrefix.length()) < 0;
	}

	private void predecessorDeleted() {
		try {
			if (!check()) {
				campaign();
			}
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	private void ownKeyDeleted() {
		if (this.lease == null) {
			return;
		}
		stepDown("its key " + this.key + " was deleted");
		this.revision = 0;
		closeWatch();
		campaign();
	}

	private void becomeLeader() {
		if (this.leader) {
			return;
		}
		this.leader = true;
		this.leaderSince = System.currentTimeMillis();
		this.grants.incrementAndGet();
		logger.info("Leadership of " + describeRole() + " granted to the candidate " + describeCandidate() + " (key "
				+ this.key + ", revision " + this.revision + ")");
		callback(() -> {
			try {
				this.candidate.onGranted(this.context);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			LeaderEventPublisher publisher = this.leaderEventPublisher;
			if (publisher != null) {
				publisher.publishOnGranted(this, this.context, this.role);
			}
		});
	}

	private void stepDown(String reason) {
		if (!this.leader) {
			return;
		}
		this.leader = false;
		this.revokes.incrementAndGet();
		logger.info("Leadership of " + describeRole() + " revoked from the candidate " + describeCandidate() + ": "
				+ reason);
		callback(() -> {
			this.candidate.onRevoked(this.context);
			LeaderEventPublisher publisher = this.leaderEventPublisher;
			if (publisher != null) {
				publisher.publishOnRevoked(this, this.context, this.role);
			}
		});
	}

	/**
	 * Step down when etcd answered no keep-alive for most of the time to live: etcd may
	 * let the lease expire and grant leadership to another before it answers again.
	 */
	private void checkKeepAlive() {
		if (!this.leader || this.suspended) {
			return;
		}
		long silentNanos = System.nanoTime() - this.lastAckNanos;
		if (silentNanos > (long) (this.grantedTtlNanos * STEP_DOWN_SHARE)) {
			this.suspended = true;
			stepDown("etcd answered no keep-alive of its lease for " + TimeUnit.NANOSECONDS.toMillis(silentNanos)
					+ " ms, and the lease may expire before it answers again");
		}
	}

	private void keepAliveAnswered(long epoch) {
		if (epoch != this.epoch || !this.suspended || !this.running) {
			return;
		}
		this.suspended = false;
		logger.info("etcd answers keep-alives of the lease of the candidate for " + describeRole() + " again");
		predecessorDeleted();
	}

	private void leaseLost(long epoch, long leaseId) {
		if (epoch != this.epoch || !this.running) {
			return;
		}
		this.lostLeases.incrementAndGet();
		logger.warn("The lease " + Long.toHexString(leaseId) + " of the candidate for " + describeRole()
				+ " ended; campaigning again with a new lease");
		stepDown("its lease ended");
		closeSession(true);
		campaign();
	}

	/**
	 * Stop watching and keeping the lease alive and forget the lease.
	 * @param revokeLater whether to revoke the lease in the background, in case etcd
	 * still has it (an etcd restart extends every lease)
	 * @return the lease that was open, {@code 0} if none
	 */
	private long closeSession(boolean revokeLater) {
		this.epoch++;
		closeWatch();
		EtcdKeepAlive keepAlive = this.keepAlive;
		this.keepAlive = null;
		if (keepAlive != null) {
			keepAlive.close();
		}
		EtcdLease lease = this.lease;
		this.lease = null;
		this.revision = 0;
		this.suspended = false;
		if (lease == null) {
			return 0;
		}
		if (revokeLater) {
			this.revocations.removeIf(EtcdBackgroundTask::isDone);
			this.revocations.add(this.client.retryInBackground("revoking the lost lease " + Long.toHexString(lease.id())
					+ " of the candidate for " + describeRole(), () -> revokeIfPresent(lease.id()), null));
		}
		return lease.id();
	}

	private void revokeIfPresent(long leaseId) {
		try {
			this.client.revokeLease(leaseId);
		}
		catch (EtcdException ex) {
			if (!isLeaseNotFound(ex)) {
				throw ex;
			}
		}
	}

	private void closeWatch() {
		EtcdWatchSubscription watch = this.watch;
		this.watch = null;
		if (watch != null) {
			watch.close();
		}
	}

	private void succeeded() {
		if (this.failures > 0) {
			logger.info("The candidate for " + describeRole() + " campaigns again after " + this.failures
					+ " failed attempt(s)");
		}
		this.failures = 0;
		this.backOff = null;
		this.lastError = null;
	}

	private void failed(RuntimeException failure) {
		if (!this.running) {
			return;
		}
		BackOffExecution backOff = this.backOff;
		if (backOff == null) {
			backOff = this.retryPolicy.start();
			this.backOff = backOff;
		}
		this.failures++;
		this.lastError = failure.getMessage();
		long delay = this.retryPolicy.delayAfter(failure, backOff).toMillis();
		String message = "The candidate for " + describeRole() + " could not campaign; retrying in " + delay + " ms: "
				+ failure.getMessage();
		if (this.failures == 1) {
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + " (" + this.failures + " failed attempts in a row)");
		}
		try {
			this.retry = this.executor.schedule(this::campaign, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Destroyed.
		}
	}

	private String requireKey() {
		String ownKey = this.key;
		Assert.state(ownKey != null, "No lease");
		return ownKey;
	}

	private EtcdLease requireLease() {
		EtcdLease lease = this.lease;
		Assert.state(lease != null, "No lease");
		return lease;
	}

	private void execute(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Destroyed.
		}
	}

	private @Nullable Future<?> submit(Runnable task) {
		try {
			return this.executor.submit(task);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	private void callback(Runnable task) {
		try {
			this.callbacks.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.warn("The candidate " + describeCandidate() + " for " + describeRole()
							+ " failed to handle a leadership change", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Destroyed.
		}
	}

	private void await(@Nullable Future<?> future, Duration limit) {
		if (future == null) {
			return;
		}
		try {
			future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Stopping the candidate for " + describeRole() + " did not complete: " + ex);
		}
	}

	private static void cancel(@Nullable ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

	private String describeRole() {
		return "role '" + this.role + "'";
	}

	private String describeCandidate() {
		return "'" + this.candidate.getId() + "'";
	}

	/**
	 * Return the key the candidate campaigns with, {@code null} while it has no lease.
	 * @return the key
	 */
	public @Nullable String getKey() {
		return (this.revision != 0) ? this.key : null;
	}

	/**
	 * Return a snapshot of the initiator's state, for the actuator.
	 */
	java.util.Map<String, Object> state() {
		java.util.Map<String, Object> state = new java.util.LinkedHashMap<>();
		state.put("role", this.role);
		state.put("candidate", this.candidate.getId());
		state.put("running", this.running);
		state.put("leader", this.leader);
		state.put("leaderSince", this.leader ? Instant.ofEpochMilli(this.leaderSince).toString() : null);
		state.put("key", getKey());
		state.put("revision", (this.revision != 0) ? this.revision : null);
		state.put("suspended", this.suspended);
		state.put("lastError", this.lastError);
		state.put("grants", this.grants.get());
		state.put("revocations", this.revokes.get());
		state.put("lostLeases", this.lostLeases.get());
		return state;
	}

	long getGrantCount() {
		return this.grants.get();
	}

	long getRevocationCount() {
		return this.revokes.get();
	}

	long getLostLeaseCount() {
		return this.lostLeases.get();
	}

	@Override
	public String toString() {
		return "EtcdLeaderInitiator [role=" + this.role + ", candidate=" + this.candidate.getId() + ", leader="
				+ this.leader + "]";
	}

	private final class KeepAliveListener implements EtcdKeepAliveListener {

		private final long epoch;

		private final long leaseId;

		KeepAliveListener(long epoch, long leaseId) {
			this.epoch = epoch;
			this.leaseId = leaseId;
		}

		@Override
		public void onKeepAlive(long leaseId, Duration ttl) {
			EtcdLeaderInitiator.this.lastAckNanos = System.nanoTime();
			EtcdLeaderInitiator.this.grantedTtlNanos = ttl.toNanos();
			if (EtcdLeaderInitiator.this.suspended) {
				execute(() -> keepAliveAnswered(this.epoch));
			}
		}

		@Override
		public void onLost(long leaseId) {
			execute(() -> leaseLost(this.epoch, this.leaseId));
		}

	}

	/**
	 * Hands a deletion of the watched key (or a watch that cannot tell, after a
	 * compaction or a restored etcd) to the campaign thread.
	 */
	private final class KeyDeletedListener implements EtcdWatchListener {

		private final long epoch;

		private final Runnable action;

		KeyDeletedListener(long epoch, Runnable action) {
			this.epoch = epoch;
			this.action = action;
		}

		@Override
		public void onEvent(EtcdWatchEvent event) {
			if (event.type() == EtcdWatchEvent.Type.DELETE) {
				fire();
			}
		}

		@Override
		public long onCompacted(long compactedRevision) {
			fire();
			return compactedRevision - 1;
		}

		@Override
		public long onReset(long currentRevision) {
			fire();
			return currentRevision;
		}

		private void fire() {
			execute(() -> {
				if (this.epoch == EtcdLeaderInitiator.this.epoch && EtcdLeaderInitiator.this.running) {
					this.action.run();
				}
			});
		}

	}

	private final class EtcdLeaderContext implements Context {

		@Override
		public boolean isLeader() {
			return EtcdLeaderInitiator.this.leader;
		}

		@Override
		public void yield() {
			yieldLeadership();
		}

		@Override
		public String getRole() {
			return EtcdLeaderInitiator.this.role;
		}

		@Override
		public String toString() {
			return "EtcdLeaderContext [role=" + EtcdLeaderInitiator.this.role + ", candidate="
					+ EtcdLeaderInitiator.this.candidate.getId() + ", leader=" + EtcdLeaderInitiator.this.leader + "]";
		}

	}

}
