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

package dev.etcdspring.client;

import java.time.Duration;

/**
 * Receives what happens to a lease kept alive by {@link EtcdClient#keepAlive}. Callbacks
 * run on the client's callback pool, never on a gRPC thread.
 *
 * @author etcd-spring-boot-starter authors
 */
@FunctionalInterface
public interface EtcdKeepAliveListener {

	/**
	 * Called each time etcd acknowledges a keep-alive.
	 * @param leaseId the lease
	 * @param ttl the time to live etcd reset the lease to
	 */
	void onKeepAlive(long leaseId, Duration ttl);

	/**
	 * Called when the keep-alive stream failed. The client retries by itself and the
	 * lease survives as long as a keep-alive reaches etcd within its time to live.
	 * @param leaseId the lease
	 * @param error the failure
	 */
	default void onError(long leaseId, EtcdException error) {
	}

	/**
	 * Called once when the lease is gone (expired, revoked, or no keep-alive answered
	 * within its time to live). Keep-alive has stopped; keys attached to the lease are
	 * deleted by etcd.
	 * @param leaseId the lease
	 */
	default void onLost(long leaseId) {
	}

}
