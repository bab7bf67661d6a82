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

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.client.EtcdBackgroundTask;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A Spring Integration {@link org.springframework.integration.support.locks.LockRegistry}
 * on etcd, following etcd's own lock recipe (the one {@code etcdctl lock} and etcd's
 * {@code concurrency.Mutex} use, so they contend for the same locks): a lock named
 * {@code orders} is held by the key with the lowest create revision under
 * {@code {prefix}/orders/}, each key named after the lease it is attached to.
 * <p>
 * Locks are reentrant per thread and fair: threads of this application queue on a local
 * fair lock, applications queue in etcd in the order their keys were written, and each
 * waiter watches only the key just ahead of its own, so a release wakes exactly the next
 * waiter and nothing polls. Every etcd call is bounded by {@code etcd.request-timeout};
 * {@code tryLock(time, unit)} gives up after its wait and deletes its key.
 * <p>
 * Keys are attached to one lease per time to live, granted on first use and kept alive
 * until the registry is destroyed, which revokes it. When the lease is lost (etcd
 * unreachable for longer than the time to live, or the lease revoked), every lock held
 * under it is lost: {@link EtcdLock#isHeld()} turns {@code false}, an
 * {@link EtcdLockLostEvent} is published and {@code unlock()} throws a
 * {@link java.util.ConcurrentModificationException}. Waiters queue again under a new
 * lease.
 * <p>
 * As with Spring Integration's other registries, locks are scoped by the registry: two
 * registries in one application with the same prefix are different applications to each
 * other, and a thread holding a lock of one waits for the same lock of the other.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLockRegistry
		implements ExpirableLockRegistry<EtcdLock>, ApplicationEventPublisherAware, DisposableBean {

	private static final Log logger = LogFactory.getLog(EtcdLockRegistry.class);

	private final EtcdClient client;

	private final String prefix;

	private final Duration ttl;

	private final Map<String, EtcdDistributedLock> locks = new ConcurrentHashMap<>();

	private final Object sessionMonitor = new Object();

	/**
	 * Sessions by time to live in seconds; removed without the monitor when lost, so a
	 * callback thread never waits for a grant in progress.
	 */
	private final Map<Long, EtcdLockSession> sessions = new ConcurrentHashMap<>();

	private final List<Observer> observers = new CopyOnWriteArrayList<>();

	private final Set<EtcdBackgroundTask> cleanups = ConcurrentHashMap.newKeySet();

	private final ThreadPoolExecutor events;

	private final AtomicLong lostLocks = new AtomicLong();

	private final AtomicLong lostLeases = new AtomicLong();

	private String owner = ManagementFactory.getRuntimeMXBean().getName();

	private @Nullable ApplicationEventPublisher eventPublisher;

	private volatile boolean closed;

	/**
	 * Create a registry.
	 * @param client the client
	 * @param prefix the root of the lock keys, such as {@code /locks}
	 * @param ttl the time to live of the lease lock keys are attached to, at least one
	 * second
	 */
	public EtcdLockRegistry(EtcdClient client, String prefix, Duration ttl) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(prefix, "'prefix' must not be null");
		Assert.isTrue(ttl.toMillis() >= 1000, "The lock TTL must be at least one second");
		this.client = client;
		this.prefix = StringUtils.trimTrailingCharacter(prefix.trim(), '/');
		this.ttl = ttl;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("etcd-lock-events-");
		threads.setDaemon(true);
		this.events = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
		this.events.allowCoreThreadTimeOut(true);
	}

	/**
	 * Set what lock keys hold as their value, for whoever looks at them with
	 * {@code etcdctl}; by default the JVM's {@code pid@host}.
	 * @param owner the value of the lock keys; never a secret
	 */
	public void setOwner(String owner) {
		this.owner = owner;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
		this.eventPublisher = applicationEventPublisher;
	}

	/**
	 * Return the root of the lock keys.
	 * @return the prefix, without a trailing slash
	 */
	public String getPrefix() {
		return this.prefix;
	}

	/**
	 * Return the time to live of the lease lock keys are attached to, unless a lock is
	 * taken with a time to live of its own.
	 * @return the time to live
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	/**
	 * Return the lock of a name, the same instance for the same name until it is expired.
	 * @param lockKey the name, a non-empty {@link String}
	 * @return the lock
	 */
	@Override
	public EtcdLock obtain(Object lockKey) {
		Assert.isInstanceOf(String.class, lockKey, "An etcd lock key must be a String");
		String name = (String) lockKey;
		Assert.hasText(name, "An etcd lock key must not be empty");
		return lockFor(name);
	}

	EtcdDistributedLock lockFor(String name) {
		return this.locks.computeIfAbsent(name, (key) -> new EtcdDistributedLock(this, key));
	}

	@Override
	public void expireUnusedOlderThan(long age) {
		long now = System.currentTimeMillis();
		this.locks.values().removeIf((lock) -> lock.expireIfUnused(now, age));
	}

	/**
	 * Return how many locks this registry lost while they were held since it started.
	 * @return the count of lost locks
	 */
	public long getLostLockCount() {
		return this.lostLocks.get();
	}

	/**
	 * Return how many leases this registry lost since it started.
	 * @return the count of lost leases
	 */
	public long getLostLeaseCount() {
		return this.lostLeases.get();
	}

	/**
	 * Return how many locks threads of this application hold now.
	 * @return the count of held locks
	 */
	public int getHeldLockCount() {
		int held = 0;
		for (EtcdDistributedLock lock : this.locks.values()) {
			if (lock.heldTicket() != null) {
				held++;
			}
		}
		return held;
	}

	/**
	 * Revoke the registry's leases, which releases every lock it holds, and stop.
	 */
	@Override
	public void destroy() {
		this.closed = true;
		synchronized (this.sessionMonitor) {
			List<EtcdLockSession> open = new ArrayList<>(this.sessions.values());
			this.sessions.clear();
			open.forEach(EtcdLockSession::close);
		}
		this.cleanups.forEach(EtcdBackgroundTask::close);
		this.cleanups.clear();
		this.events.shutdown();
	}

	boolean isClosed() {
		return this.closed;
	}

	EtcdClient client() {
		return this.client;
	}

	String owner() {
		return this.owner;
	}

	String queuePrefix(String name) {
		return this.prefix + "/" + name + "/";
	}

	/**
	 * Return the open session for a time to live, granting a lease if there is none.
	 */
	EtcdLockSession session(Duration ttl) {
		long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
		EtcdLockSession session = this.sessions.get(seconds);
		if (session != null && !session.isLost()) {
			return session;
		}
		synchronized (this.sessionMonitor) {
			Assert.state(!this.closed, "The etcd lock registry is closed");
			session = this.sessions.get(seconds);
			if (session == null || session.isLost()) {
				session = EtcdLockSession.open(this.client, Duration.ofSeconds(seconds),
						(lost) -> sessionLost(seconds, lost));
				this.sessions.put(seconds, session);
			}
			return session;
		}
	}

	private void sessionLost(long seconds, EtcdLockSession session) {
		this.sessions.remove(seconds, session);
		if (!this.closed) {
			this.lostLeases.incrementAndGet();
			logger.warn("The lock lease " + session.leaseHex() + " under " + this.prefix
					+ " ended; locks held under it are lost and waiters queue again under a new lease");
			this.observers.forEach(Observer::leaseLost);
			// If etcd still has the lease (an etcd restart extends every lease), revoking
			// it frees its keys for the next waiters now rather than a time to live
			// later.
			runInBackground("revoking the lost lock lease " + session.leaseHex(), () -> revokeLost(session), null);
		}
	}

	private void revokeLost(EtcdLockSession session) {
		try {
			this.client.revokeLease(session.leaseId());
		}
		catch (EtcdException ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains("requested lease not found")) {
				throw ex;
			}
		}
	}

	/**
	 * Report a lock lost while held: count, log and publish, on the registry's own thread
	 * (this may run on a client callback thread).
	 */
	void lockLost(EtcdDistributedLock lock, String key, long fencingToken, String reason) {
		this.lostLocks.incrementAndGet();
		logger.warn("Lost the lock '" + lock.getName() + "' (key " + key + ", fencing token " + fencingToken + "): "
				+ reason + ". Another instance may hold it now.");
		this.observers.forEach((observer) -> observer.lockLost(lock.getName()));
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher == null) {
			return;
		}
		EtcdLockLostEvent event = new EtcdLockLostEvent(this, lock.getName(), key, fencingToken, reason);
		try {
			this.events.execute(() -> publisher.publishEvent(event));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Not publishing " + event + ": the registry is closed");
		}
	}

	void attempted(String name, String outcome, long waitNanos) {
		for (Observer observer : this.observers) {
			observer.attempted(name, outcome, waitNanos);
		}
	}

	void runInBackground(String description, Runnable attempt, @Nullable Throwable failure) {
		if (this.closed) {
			return;
		}
		this.cleanups.removeIf(EtcdBackgroundTask::isDone);
		this.cleanups.add(this.client.retryInBackground(description, attempt, failure));
	}

	void addObserver(Observer observer) {
		this.observers.add(observer);
	}

	/**
	 * Return a snapshot of the held locks and their waiters, for the actuator.
	 */
	List<Map<String, Object>> heldLocks() {
		List<Map<String, Object>> held = new ArrayList<>();
		for (EtcdDistributedLock lock : this.locks.values()) {
			EtcdDistributedLock.Ticket ticket = lock.heldTicket();
			if (ticket != null) {
				held.add(Map.of("name", lock.getName(), "key", ticket.key, "fencingToken", ticket.revision, "heldSince",
						java.time.Instant.ofEpochMilli(ticket.heldSince).toString(), "lost", ticket.isLost(),
						"queuedThreads", lock.queuedThreads()));
			}
		}
		held.sort((left, right) -> ((String) left.get("name")).compareTo((String) right.get("name")));
		return held;
	}

	List<String> leases() {
		return this.sessions.values().stream().map(EtcdLockSession::leaseHex).sorted().toList();
	}

	@Override
	public String toString() {
		return "EtcdLockRegistry [prefix=" + this.prefix + ", ttl=" + this.ttl + "]";
	}

	/**
	 * Told what the registry does, for metrics.
	 */
	interface Observer {

		/**
		 * Called after every attempt that went to etcd.
		 * @param name the lock name
		 * @param outcome {@code acquired}, {@code timed-out} or {@code failed}
		 * @param waitNanos how long the attempt took
		 */
		void attempted(String name, String outcome, long waitNanos);

		/**
		 * Called when a held lock was lost.
		 * @param name the lock name
		 */
		void lockLost(String name);

		/**
		 * Called when a lease of the registry was lost.
		 */
		void leaseLost();

	}

}
