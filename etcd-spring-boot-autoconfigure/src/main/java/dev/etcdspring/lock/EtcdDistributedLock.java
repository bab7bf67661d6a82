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

package dev.etcdspring.lock;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdGetResult;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.client.EtcdTransactionResult;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.CannotAcquireLockException;

/**
 * One named lock of an {@link EtcdLockRegistry}: a fair local {@link ReentrantLock} that
 * orders the threads of this application, then etcd's lock recipe for the first hold.
 * <p>
 * The recipe, as etcd's {@code concurrency.Mutex}: put {@code {prefix}/{name}/{lease
 * hex}} if absent, attached to the registry's lease; read the queue
 * {@code {prefix}/{name}/}; the key with the lowest create revision holds the lock; any
 * other waits for the deletion of the key just ahead of its own (a watch from the
 * revision of the read, so no deletion is missed), then reads again. Only the successor
 * of a released key wakes, so waiting is first come, first served and no one polls. A
 * waiter that gives up deletes its key; a key whose deletion etcd did not confirm is
 * deleted in the background, conditionally on its revision, so a later key of the same
 * lease is never touched.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdDistributedLock implements EtcdLock {

	private static final Log logger = LogFactory.getLog(EtcdDistributedLock.class);

	private final EtcdLockRegistry registry;

	private final String name;

	private final String queuePrefix;

	private final ReentrantLock localLock = new ReentrantLock(true);

	/**
	 * The hold of the thread owning {@link #localLock}; written only by that thread.
	 */
	private volatile @Nullable Ticket held;

	private volatile long lastUsed = System.currentTimeMillis();

	/**
	 * Set (under the local lock) when the registry dropped this lock from its cache; a
	 * caller who kept a reference is sent to the lock now cached under the name, so two
	 * lock objects never share a key.
	 */
	private volatile boolean expired;

	private final AtomicInteger pendingCleanups = new AtomicInteger();

	EtcdDistributedLock(EtcdLockRegistry registry, String name) {
		this.registry = registry;
		this.name = name;
		this.queuePrefix = registry.queuePrefix(name);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public void lock() {
		lock(this.registry.getTtl());
	}

	@Override
	public void lock(Duration ttl) {
		EtcdDistributedLock lock = lockLocally();
		if (lock.localLock.getHoldCount() > 1) {
			return;
		}
		try {
			lock.acquire(ttl, false, false, 0);
		}
		catch (InterruptedException ex) {
			// Cannot happen: an uninterruptible attempt keeps the interrupt for later.
			Thread.currentThread().interrupt();
			lock.localLock.unlock();
			throw new CannotAcquireLockException("Interrupted while locking '" + this.name + "'", ex);
		}
		catch (RuntimeException | Error ex) {
			lock.localLock.unlock();
			throw ex;
		}
	}

	@Override
	public void lockInterruptibly() throws InterruptedException {
		EtcdDistributedLock lock = resolve();
		while (true) {
			lock.localLock.lockInterruptibly();
			if (!lock.expired) {
				break;
			}
			lock.localLock.unlock();
			lock = resolve();
		}
		if (lock.localLock.getHoldCount() > 1) {
			return;
		}
		try {
			lock.acquire(this.registry.getTtl(), true, false, 0);
		}
		catch (InterruptedException | RuntimeException | Error ex) {
			lock.localLock.unlock();
			throw ex;
		}
	}

	@Override
	public boolean tryLock() {
		try {
			return tryLock(Duration.ZERO, this.registry.getTtl());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
		return tryLock(Duration.ofNanos(unit.toNanos(time)), this.registry.getTtl());
	}

	@Override
	public boolean tryLock(Duration waitTime, Duration ttl) throws InterruptedException {
		long deadline = System.nanoTime() + Math.max(0, waitTime.toNanos());
		EtcdDistributedLock lock = resolve();
		while (true) {
			long remaining = deadline - System.nanoTime();
			if (!lock.localLock.tryLock(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
				return false;
			}
			if (!lock.expired) {
				break;
			}
			lock.localLock.unlock();
			lock = resolve();
		}
		if (lock.localLock.getHoldCount() > 1) {
			return true;
		}
		try {
			if (lock.acquire(ttl, true, true, deadline)) {
				return true;
			}
			lock.localLock.unlock();
			return false;
		}
		catch (InterruptedException | RuntimeException | Error ex) {
			lock.localLock.unlock();
			throw ex;
		}
	}

	@Override
	public void unlock() {
		resolve().release();
	}

	@Override
	public Condition newCondition() {
		throw new UnsupportedOperationException("Conditions are not supported by etcd locks");
	}

	@Override
	public boolean isHeld() {
		EtcdDistributedLock lock = resolve();
		Ticket ticket = lock.held;
		return lock.localLock.isHeldByCurrentThread() && ticket != null && ticket.isHeld();
	}

	@Override
	public long getFencingToken() {
		return resolve().requireHeld().revision;
	}

	@Override
	public String getKey() {
		return resolve().requireHeld().key;
	}

	private Ticket requireHeld() {
		Ticket ticket = this.held;
		if (!this.localLock.isHeldByCurrentThread() || ticket == null) {
			throw new IllegalMonitorStateException("The current thread does not hold the lock '" + this.name + "'");
		}
		return ticket;
	}

	/**
	 * Take the local lock without giving in to interrupts, on the lock object the
	 * registry caches under the name.
	 */
	private EtcdDistributedLock lockLocally() {
		EtcdDistributedLock lock = resolve();
		while (true) {
			lock.localLock.lock();
			if (!lock.expired) {
				return lock;
			}
			lock.localLock.unlock();
			lock = resolve();
		}
	}

	private EtcdDistributedLock resolve() {
		EtcdDistributedLock lock = this;
		while (lock.expired) {
			lock = this.registry.lockFor(this.name);
		}
		return lock;
	}

	/**
	 * Take the lock in etcd; the current thread holds the local lock once.
	 * @param ttl the time to live of the lease the key is attached to
	 * @param interruptible whether an interrupt ends the attempt
	 * @param timed whether to give up at the deadline
	 * @param deadline the {@link System#nanoTime()} to give up at
	 * @return whether the lock was taken
	 */
	private boolean acquire(Duration ttl, boolean interruptible, boolean timed, long deadline)
			throws InterruptedException {
		long started = System.nanoTime();
		Attempt attempt = new Attempt(interruptible, timed, deadline);
		String outcome = "failed";
		try {
			boolean acquired = attempt.run(ttl);
			outcome = acquired ? "acquired" : "timed-out";
			return acquired;
		}
		catch (EtcdException ex) {
			throw new CannotAcquireLockException(
					"Failed to lock '" + this.name + "' (" + this.queuePrefix + "): " + ex.getMessage(), ex);
		}
		finally {
			this.registry.attempted(this.name, outcome, System.nanoTime() - started);
			attempt.restoreInterrupt();
		}
	}

	private void release() {
		if (!this.localLock.isHeldByCurrentThread()) {
			throw new IllegalMonitorStateException("The current thread does not hold the lock '" + this.name + "'");
		}
		if (this.localLock.getHoldCount() > 1) {
			this.localLock.unlock();
			return;
		}
		Ticket ticket = this.held;
		this.held = null;
		this.lastUsed = System.currentTimeMillis();
		try {
			if (ticket == null) {
				return;
			}
			ticket.session.unregister(ticket);
			if (!ticket.release()) {
				throw new ConcurrentModificationException(lostMessage(ticket.lostReason));
			}
			if (!this.registry.isClosed() && !deleteKey(ticket)) {
				String reason = "its key was gone when it was released: deleted by someone else, or its lease ended"
						+ " before this application heard of it";
				this.registry.lockLost(this, ticket.key, ticket.revision, reason);
				throw new ConcurrentModificationException(lostMessage(reason));
			}
		}
		finally {
			this.localLock.unlock();
		}
	}

	private String lostMessage(@Nullable String reason) {
		return "The lock '" + this.name + "' was lost before it was released (" + reason
				+ "); another instance may have held it meanwhile, so the integrity of the data it protects may"
				+ " have been compromised";
	}

	/**
	 * Delete a key of this lock if it is still the one written at the ticket's revision.
	 * Runs even if the thread was interrupted; a deletion etcd does not confirm is
	 * retried in the background.
	 * @return {@code false} if the key was gone already, {@code true} if it was deleted
	 * or will be
	 */
	private boolean deleteKey(Ticket ticket) {
		boolean interrupted = Thread.interrupted();
		try {
			return deleteIfUnchanged(ticket.key, ticket.revision);
		}
		catch (EtcdException ex) {
			logger.warn(
					"Could not delete the lock key " + ticket.key + "; retrying in the background: " + ex.getMessage());
			cleanUpLater(ticket.key, ticket.revision, ex);
			return true;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private boolean deleteIfUnchanged(String key, long revision) {
		return client().transaction().ifModRevision(key, revision).delete(key).commit().succeeded();
	}

	/**
	 * Delete a key in the background: the one written at {@code revision}, or, when the
	 * revision is unknown (etcd did not confirm the write), whatever key of this lock is
	 * there while no thread of this application uses the lock.
	 */
	private void cleanUpLater(String key, long revision, @Nullable Throwable failure) {
		this.pendingCleanups.incrementAndGet();
		Runnable attempt = (revision > 0) ? () -> deleteIfUnchanged(key, revision) : () -> deleteUnused(key);
		this.registry.runInBackground("deleting the abandoned lock key " + key, () -> {
			attempt.run();
			this.pendingCleanups.decrementAndGet();
		}, failure);
	}

	private void deleteUnused(String key) {
		if (!this.localLock.tryLock()) {
			// A thread of this application uses the lock: its attempt replaces the key.
			return;
		}
		try {
			client().get(key).ifPresent((keyValue) -> deleteIfUnchanged(key, keyValue.modRevision()));
		}
		finally {
			this.localLock.unlock();
		}
	}

	/**
	 * Mark this lock expired if no thread used it for {@code age} milliseconds and none
	 * uses it now.
	 */
	boolean expireIfUnused(long now, long age) {
		if (now - this.lastUsed <= age || this.pendingCleanups.get() > 0 || !this.localLock.tryLock()) {
			return false;
		}
		try {
			if (this.localLock.hasQueuedThreads()) {
				return false;
			}
			this.expired = true;
			return true;
		}
		finally {
			this.localLock.unlock();
		}
	}

	/**
	 * Return the current hold, for the actuator; {@code null} when not held.
	 */
	@Nullable Ticket heldTicket() {
		return this.held;
	}

	int queuedThreads() {
		return this.localLock.getQueueLength();
	}

	private EtcdClient client() {
		return this.registry.client();
	}

	private boolean isQueueKey(String key) {
		return key.startsWith(this.queuePrefix) && key.indexOf('/', this.queuePrefix.length()) < 0;
	}

	@Override
	public String toString() {
		Ticket ticket = this.held;
		return "EtcdLock [name=" + this.name + ", "
				+ ((ticket != null) ? "held with key " + ticket.key + " at revision " + ticket.revision : "not held")
				+ "]";
	}

	private enum Outcome {

		ACQUIRED, TIMED_OUT, REQUEUE

	}

	private enum State {

		WAITING, HELD, LOST, RELEASED

	}

	/**
	 * One key in the queue of this lock, from its put to its deletion.
	 */
	final class Ticket implements EtcdLockSession.Participant {

		final EtcdLockSession session;

		final String key;

		private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

		volatile long revision;

		volatile long heldSince;

		volatile @Nullable String lostReason;

		private boolean written;

		private volatile @Nullable CompletableFuture<Void> wakeUp;

		Ticket(EtcdLockSession session) {
			this.session = session;
			this.key = EtcdDistributedLock.this.queuePrefix + session.leaseHex();
		}

		String lockName() {
			return EtcdDistributedLock.this.name;
		}

		@Override
		public void sessionLost(EtcdLockSession session) {
			String reason = "its lease " + session.leaseHex() + " ended: etcd heard no keep-alive within the time"
					+ " to live, or someone revoked the lease";
			this.lostReason = reason;
			if (this.state.compareAndSet(State.WAITING, State.LOST)) {
				CompletableFuture<Void> wakeUp = this.wakeUp;
				if (wakeUp != null) {
					wakeUp.complete(null);
				}
			}
			else if (this.state.compareAndSet(State.HELD, State.LOST)) {
				EtcdDistributedLock.this.registry.lockLost(EtcdDistributedLock.this, this.key, this.revision, reason);
			}
		}

		@Override
		public void sessionClosed(EtcdLockSession session) {
			this.lostReason = "the lock registry was destroyed";
			if (this.state.compareAndSet(State.WAITING, State.LOST)) {
				CompletableFuture<Void> wakeUp = this.wakeUp;
				if (wakeUp != null) {
					wakeUp.complete(null);
				}
			}
		}

		boolean isHeld() {
			return this.state.get() == State.HELD;
		}

		boolean isLost() {
			return this.state.get() == State.LOST;
		}

		boolean hold() {
			this.heldSince = System.currentTimeMillis();
			return this.state.compareAndSet(State.WAITING, State.HELD);
		}

		boolean release() {
			return this.state.compareAndSet(State.HELD, State.RELEASED);
		}

	}

	/**
	 * One call of {@code lock}, {@code lockInterruptibly} or {@code tryLock} that has to
	 * go to etcd.
	 */
	private final class Attempt {

		private final boolean interruptible;

		private final boolean timed;

		private final long deadline;

		/**
		 * An interrupt an uninterruptible attempt kept for later: etcd calls fail at once
		 * on an interrupted thread, so the flag is cleared while the attempt runs and set
		 * again at its end.
		 */
		private boolean interrupted;

		Attempt(boolean interruptible, boolean timed, long deadline) {
			this.interruptible = interruptible;
			this.timed = timed;
			this.deadline = deadline;
			if (!interruptible) {
				this.interrupted = Thread.interrupted();
			}
		}

		boolean run(Duration ttl) throws InterruptedException {
			while (true) {
				if (this.interruptible && Thread.interrupted()) {
					throw new InterruptedException("Interrupted while locking '" + EtcdDistributedLock.this.name + "'");
				}
				EtcdLockSession session = call(() -> EtcdDistributedLock.this.registry.session(ttl));
				Ticket ticket = new Ticket(session);
				Outcome outcome = null;
				try {
					outcome = queueAndWait(ticket);
				}
				finally {
					if (outcome != Outcome.ACQUIRED) {
						abandon(ticket);
					}
				}
				if (outcome == Outcome.ACQUIRED) {
					EtcdDistributedLock.this.held = ticket;
					return true;
				}
				if (outcome == Outcome.TIMED_OUT || expired()) {
					return false;
				}
			}
		}

		private Outcome queueAndWait(Ticket ticket) throws InterruptedException {
			if (!ticket.session.register(ticket)) {
				return Outcome.REQUEUE;
			}
			write(ticket);
			while (true) {
				if (ticket.isLost()) {
					return Outcome.REQUEUE;
				}
				EtcdGetResult queue = call(() -> client().getPrefix(EtcdDistributedLock.this.queuePrefix));
				EtcdKeyValue predecessor = null;
				boolean queued = false;
				for (EtcdKeyValue keyValue : queue.keyValues()) {
					if (keyValue.key().equals(ticket.key)) {
						queued = keyValue.createRevision() == ticket.revision;
					}
					else if (isQueueKey(keyValue.key()) && keyValue.createRevision() < ticket.revision
							&& (predecessor == null || keyValue.createRevision() > predecessor.createRevision())) {
						predecessor = keyValue;
					}
				}
				if (!queued) {
					logger.debug("The lock key " + ticket.key + " disappeared while waiting; queueing again");
					return Outcome.REQUEUE;
				}
				if (predecessor == null) {
					return ticket.hold() ? Outcome.ACQUIRED : Outcome.REQUEUE;
				}
				if (!awaitDeletion(ticket, predecessor.key(), queue.revision())) {
					return Outcome.TIMED_OUT;
				}
			}
		}

		/**
		 * Put the ticket's key if absent. A key already there belongs to this registry's
		 * lease and this lock (no other thread uses it meanwhile): left by an attempt
		 * whose end etcd did not confirm. It is replaced, so the new hold gets a fencing
		 * token of its own.
		 */
		private void write(Ticket ticket) throws InterruptedException {
			ticket.written = true;
			EtcdTransactionResult result = putIfAbsent(ticket);
			if (!result.succeeded()) {
				call(() -> client().delete(ticket.key));
				result = putIfAbsent(ticket);
				if (!result.succeeded()) {
					throw new IllegalStateException("The lock key " + ticket.key + " was written again while "
							+ "replacing it; is another application using the same lease?");
				}
			}
			ticket.revision = result.revision();
		}

		private EtcdTransactionResult putIfAbsent(Ticket ticket) throws InterruptedException {
			return call(() -> client().transaction()
				.ifAbsent(ticket.key)
				.put(ticket.key, EtcdDistributedLock.this.registry.owner(), ticket.session.leaseId())
				.commit());
		}

		/**
		 * Wait until the predecessor's key is deleted, the session is lost or the
		 * deadline passes.
		 * @return {@code false} if the deadline passed
		 */
		private boolean awaitDeletion(Ticket ticket, String predecessor, long revision) throws InterruptedException {
			if (expired()) {
				return false;
			}
			CompletableFuture<Void> wakeUp = new CompletableFuture<>();
			ticket.wakeUp = wakeUp;
			if (ticket.isLost()) {
				return true;
			}
			// Only the predecessor's DELETE matters: no previous values needed.
			EtcdWatchOptions options = EtcdWatchOptions.key(predecessor)
				.fromRevision(revision + 1)
				.withoutPreviousValues()
				.describedAs("waiter for lock '" + EtcdDistributedLock.this.name + "'");
			try (EtcdWatchSubscription watch = call(() -> client().watch(options, new DeletionListener(wakeUp)))) {
				return await(wakeUp);
			}
		}

		private boolean await(CompletableFuture<Void> wakeUp) throws InterruptedException {
			while (true) {
				try {
					if (!this.timed) {
						wakeUp.get();
					}
					else {
						wakeUp.get(Math.max(0, this.deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					}
					return true;
				}
				catch (TimeoutException ex) {
					return wakeUp.isDone();
				}
				catch (ExecutionException ex) {
					return true;
				}
				catch (InterruptedException ex) {
					if (this.interruptible) {
						throw ex;
					}
					this.interrupted = true;
				}
			}
		}

		private boolean expired() {
			return this.timed && this.deadline - System.nanoTime() <= 0;
		}

		/**
		 * Make an etcd call; an interrupt ends an interruptible attempt and is kept for
		 * later by an uninterruptible one, whose call is then made again.
		 */
		private <T> T call(Supplier<T> call) throws InterruptedException {
			while (true) {
				try {
					return call.get();
				}
				catch (EtcdException ex) {
					if (!(ex.getCause() instanceof InterruptedException)) {
						throw ex;
					}
					Thread.interrupted();
					if (this.interruptible) {
						InterruptedException interrupted = new InterruptedException(
								"Interrupted while locking '" + EtcdDistributedLock.this.name + "'");
						interrupted.initCause(ex);
						throw interrupted;
					}
					this.interrupted = true;
				}
			}
		}

		/**
		 * Give up a ticket that does not hold the lock: delete its key unless it went
		 * with the lease.
		 */
		private void abandon(Ticket ticket) {
			ticket.session.unregister(ticket);
			boolean lost = !ticket.state.compareAndSet(State.WAITING, State.RELEASED) && ticket.isLost();
			if (lost || ticket.session.isLost() || !ticket.written) {
				return;
			}
			if (ticket.revision > 0) {
				deleteKey(ticket);
			}
			else {
				// etcd may have written the key without this application hearing of it.
				cleanUpLater(ticket.key, 0, null);
			}
		}

		void restoreInterrupt() {
			if (this.interrupted) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Wakes the waiter when the watched key is deleted, or when the watch cannot tell
	 * (compaction, a restored etcd): the waiter reads the queue again either way.
	 */
	private static final class DeletionListener implements EtcdWatchListener {

		private final CompletableFuture<Void> wakeUp;

		DeletionListener(CompletableFuture<Void> wakeUp) {
			this.wakeUp = wakeUp;
		}

		@Override
		public void onEvent(EtcdWatchEvent event) {
			if (event.type() == EtcdWatchEvent.Type.DELETE) {
				this.wakeUp.complete(null);
			}
		}

		@Override
		public long onCompacted(long compactedRevision) {
			this.wakeUp.complete(null);
			return compactedRevision - 1;
		}

		@Override
		public long onReset(long currentRevision) {
			this.wakeUp.complete(null);
			return currentRevision;
		}

	}

}
