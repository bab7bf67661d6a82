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

/**
 * A running keep-alive of a lease. Closing it stops refreshing the lease; the lease then
 * expires after its time to live unless revoked earlier.
 *
 * @author etcd-spring-boot-starter authors
 */
public interface EtcdKeepAlive extends AutoCloseable {

	/**
	 * Return the lease kept alive.
	 * @return the lease id
	 */
	long leaseId();

	/**
	 * Stop keeping the lease alive.
	 */
	@Override
	void close();

}
