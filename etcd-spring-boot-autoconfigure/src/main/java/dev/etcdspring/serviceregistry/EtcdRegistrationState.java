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

/**
 * The states of a registration's lease.
 *
 * @author etcd-spring-boot-starter authors
 */
public enum EtcdRegistrationState {

	/**
	 * Not registered (yet, or any more after deregistration).
	 */
	UNREGISTERED,

	/**
	 * Granting the lease and writing the key, retried until etcd answers.
	 */
	REGISTERING,

	/**
	 * The key is written under a lease that is kept alive.
	 */
	REGISTERED,

	/**
	 * The lease was lost (expired while etcd was unreachable, revoked by someone else, or
	 * keep-alive gave up); a new lease is being granted.
	 */
	LEASE_LOST,

	/**
	 * etcd refused to register the key: the user may not write it, or the credentials
	 * were rejected. Retried with a longer back-off, so that a permission granted later
	 * takes effect without a restart.
	 */
	DENIED

}
