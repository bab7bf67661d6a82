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

import java.io.Serial;

import org.springframework.context.ApplicationEvent;

/**
 * Published when this application loses a lock it holds: its lease ended (etcd was
 * unreachable for longer than the time to live, or someone revoked it) or its key was
 * deleted. Another instance may hold the lock from then on; the holder should stop the
 * work the lock protects. The source is the {@link EtcdLockRegistry}.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLockLostEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String lockName;

	private final String key;

	private final long fencingToken;

	private final String reason;

	/**
	 * Create a new event.
	 * @param source the registry
	 * @param lockName the name of the lost lock
	 * @param key the key that held it
	 * @param fencingToken the fencing token of the lost hold
	 * @param reason why it was lost
	 */
	public EtcdLockLostEvent(EtcdLockRegistry source, String lockName, String key, long fencingToken, String reason) {
		super(source);
		this.lockName = lockName;
		this.key = key;
		this.fencingToken = fencingToken;
		this.reason = reason;
	}

	/**
	 * Return the name of the lost lock.
	 * @return the lock name
	 */
	public String getLockName() {
		return this.lockName;
	}

	/**
	 * Return the key that held the lock.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the fencing token of the lost hold.
	 * @return the fencing token
	 */
	public long getFencingToken() {
		return this.fencingToken;
	}

	/**
	 * Return why the lock was lost.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " [lock=" + this.lockName + ", key=" + this.key + ", fencingToken="
				+ this.fencingToken + ", reason=" + this.reason + "]";
	}

}
