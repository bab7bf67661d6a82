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

import org.springframework.integration.support.locks.DistributedLock;

/**
 * A lock of an {@link EtcdLockRegistry}: a {@link DistributedLock}, reentrant per thread,
 * that also tells its holder whether it still holds it and hands out a fencing token.
 * <p>
 * The lock is held by the key with the lowest create revision under
 * {@code {etcd.lock.prefix}/{name}/}; waiters queue behind it in the order they asked,
 * each watching the key just ahead of its own. The key is attached to a lease kept alive
 * while the application runs. If the lease ends while the lock is held (etcd unreachable
 * for longer than the time to live, or the lease revoked by someone else), another
 * instance may take the lock: {@link #isHeld()} turns {@code false}, an
 * {@link EtcdLockLostEvent} is published and {@link #unlock()} throws a
 * {@link java.util.ConcurrentModificationException}, as Spring Integration's JDBC and
 * Redis registries do for an expired lock.
 *
 * @author etcd-spring-boot-starter authors
 */
public interface EtcdLock extends DistributedLock {

	/**
	 * Return the name of the lock, the key it was obtained with.
	 * @return the name
	 */
	String getName();

	/**
	 * Return whether the current thread holds the lock and, as far as this application
	 * knows, still holds it in etcd: its lease has not ended and its key was still there
	 * when last looked at. A {@code false} after a successful {@code lock()} means the
	 * lock was lost and another instance may hold it now.
	 * @return whether the lock is held by the current thread
	 */
	boolean isHeld();

	/**
	 * Return the fencing token of the current hold: the create revision of the lock key.
	 * Tokens grow with every hold of the lock, whoever holds it, so a store that
	 * remembers the highest token it saw can refuse a write from a holder that lost the
	 * lock. With etcd as the store, compare it in a transaction with the lock key itself,
	 * or keep the token next to the data.
	 * @return the fencing token
	 * @throws IllegalMonitorStateException if the current thread does not hold the lock
	 */
	long getFencingToken();

	/**
	 * Return the key the current thread holds the lock with,
	 * {@code {etcd.lock.prefix}/{name}/{lease id in hex}}.
	 * @return the key
	 * @throws IllegalMonitorStateException if the current thread does not hold the lock
	 */
	String getKey();

}
