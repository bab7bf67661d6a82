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
import java.util.List;

/**
 * What etcd knows of a lease: its remaining and granted time to live and the keys
 * attached to it.
 *
 * @param id the lease id
 * @param remaining the remaining time to live; negative when the lease does not exist
 * (expired or revoked)
 * @param granted the time to live the lease was granted with
 * @param keys the keys attached to the lease
 * @author etcd-spring-boot-starter authors
 */
public record EtcdLeaseTimeToLive(long id, Duration remaining, Duration granted, List<String> keys) {

	/**
	 * Create a new instance.
	 * @param id the lease id
	 * @param remaining the remaining time to live
	 * @param granted the granted time to live
	 * @param keys the attached keys
	 */
	public EtcdLeaseTimeToLive {
		keys = List.copyOf(keys);
	}

	/**
	 * Return whether the lease still exists.
	 * @return {@code true} unless the lease expired or was revoked
	 */
	public boolean exists() {
		return !this.remaining.isNegative();
	}

}
