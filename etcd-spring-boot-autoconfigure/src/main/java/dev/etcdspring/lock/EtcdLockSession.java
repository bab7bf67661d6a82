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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdKeepAlive;
import dev.etcdspring.client.EtcdKeepAliveListener;
import dev.etcdspring.client.EtcdLease;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A lease that lock keys are attached to, kept alive until closed or lost, as etcd's
 * {@code concurrency.Session}. Every lock key of a registry with the same time to live
 * shares one session; the key's last segment is the lease id in hex.
 * <p>
 * Who registered with the session is told once when the lease is lost. Registration and
 * loss are ordered so that a participant registering while the lease is lost is either
 * told or sees {@link #register} return {@code false}.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdLockSession implements EtcdKeepAliveListener {

	private static final Log logger = LogFactory.getLog(EtcdLockSession.class);

	private final EtcdClient client;

	private final EtcdLease lease;

	private final String leaseHex;

	private final Consumer<EtcdLockSession> lostHandler;

	private final Set<Participant> participants = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile boolean lost;

	private volatile @Nullable EtcdKeepAlive keepAlive;

	private EtcdLockSession(EtcdClient client, EtcdLease lease, Consumer<EtcdLockSession> lostHandler) {
		this.client = client;
		this.lease = lease;
		this.leaseHex = Long.toHexString(lease.id());
		this.lostHandler = lostHandler;
	}

	/**
	 * Grant a lease and start keeping it alive.
	 * @param client the client
	 * @param ttl the time to live
	 * @param lostHandler told once when the lease is lost, on a client callback thread
	 * @return the session
	 */
	static EtcdLockSession open(EtcdClient client, Duration ttl, Consumer<EtcdLockSession> lostHandler) {
		EtcdLockSession session = new EtcdLockSession(client, client.grantLease(ttl), lostHandler);
		try {
			session.keepAlive = client.keepAlive(session.lease.id(), session);
		}
		catch (RuntimeException ex) {
			session.close();
			throw ex;
		}
		return session;
	}

	long leaseId() {
		return this.lease.id();
	}

	String leaseHex() {
		return this.leaseHex;
	}

	Duration ttl() {
		return this.lease.ttl();
	}

	boolean isLost() {
		return this.lost;
	}

	/**
	 * Register a participant to be told of the lease's loss.
	 * @return {@code false} if the lease is lost already (the participant may or may not
	 * have been told)
	 */
	boolean register(Participant participant) {
		this.participants.add(participant);
		return !this.lost;
	}

	void unregister(Participant participant) {
		this.participants.remove(participant);
	}

	List<Participant> participants() {
		return List.copyOf(this.participants);
	}

	@Override
	public void onKeepAlive(long leaseId, Duration ttl) {
	}

	@Override
	public void onError(long leaseId, EtcdException error) {
		if (logger.isDebugEnabled()) {
			logger.debug(
					"Keep-alive of lock lease " + this.leaseHex + " failed; the client retries: " + error.getMessage());
		}
	}

	@Override
	public void onLost(long leaseId) {
		// Runs on a client callback thread: participants only flip flags and complete
		// futures, the registry hands events to its own thread.
		this.lost = true;
		this.ended.set(true);
		for (Participant participant : this.participants) {
			participant.sessionLost(this);
		}
		this.lostHandler.accept(this);
	}

	/**
	 * Stop keeping the lease alive and revoke it, deleting every key attached to it.
	 */
	void close() {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		for (Participant participant : this.participants) {
			participant.sessionClosed(this);
		}
		EtcdKeepAlive keepAlive = this.keepAlive;
		if (keepAlive != null) {
			keepAlive.close();
		}
		try {
			this.client.revokeLease(this.lease.id());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke the lock lease " + this.leaseHex
					+ "; etcd deletes its keys when the lease expires: " + ex.getMessage());
		}
	}

	@Override
	public String toString() {
		return "lock lease " + this.leaseHex;
	}

	/**
	 * Something that depends on the session's lease: a waiter or a holder.
	 */
	interface Participant {

		/**
		 * Called once when the lease is lost, on a client callback thread; must not
		 * block.
		 * @param session the session
		 */
		void sessionLost(EtcdLockSession session);

		/**
		 * Called when the session is closed by its registry: a waiter gives up, a holder
		 * keeps its hold until it unlocks.
		 * @param session the session
		 */
		void sessionClosed(EtcdLockSession session);

	}

}
