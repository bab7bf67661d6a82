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

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one supervised part: what it is, its state and since when, and its
 * failures. Messages name operations, keys and endpoints, never values.
 *
 * @param name what the part is, e.g. {@code watch on prefix /config/}
 * @param state the state
 * @param since when the part entered its state
 * @param consecutiveFailures failures since it was last active
 * @param lastError the message of the last failure, or {@code null}
 * @param lastRevision the last revision delivered, or {@code 0} when not a watch
 * @param overflows how often a listener fell so far behind that the subscription dropped
 * what it held and resumed from its last delivered revision
 * @author etcd-spring-boot-starter authors
 */
public record EtcdSupervisedStatus(String name, EtcdSupervisedState state, Instant since, int consecutiveFailures,
		@Nullable String lastError, long lastRevision, long overflows) {

	/**
	 * Return whether the part is delivering, as opposed to starting, retrying, denied or
	 * closed.
	 * @return whether the state is {@link EtcdSupervisedState#ACTIVE}
	 */
	public boolean isActive() {
		return this.state == EtcdSupervisedState.ACTIVE;
	}

}
