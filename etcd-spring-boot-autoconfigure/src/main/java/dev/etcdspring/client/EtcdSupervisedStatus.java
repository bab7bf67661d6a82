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
import java.util.LinkedHashMap;
import java.util.Map;

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

	/**
	 * Return the status as a map for JSON output (actuator endpoint, health details).
	 * Entries without a value are left out.
	 * @return {@code name}, {@code state}, {@code active}, {@code since},
	 * {@code consecutiveFailures}, and where they apply {@code lastError},
	 * {@code lastRevision} and {@code overflows}
	 */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("name", this.name);
		map.put("state", this.state.name());
		map.put("active", isActive());
		map.put("since", this.since.toString());
		map.put("consecutiveFailures", this.consecutiveFailures);
		if (this.lastError != null) {
			map.put("lastError", this.lastError);
		}
		if (this.lastRevision > 0) {
			map.put("lastRevision", this.lastRevision);
		}
		if (this.overflows > 0) {
			map.put("overflows", this.overflows);
		}
		return map;
	}

}
