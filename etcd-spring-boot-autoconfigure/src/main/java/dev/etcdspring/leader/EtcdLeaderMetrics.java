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

package dev.etcdspring.leader;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the leader elections' metrics, tagged with the {@code role}:
 * {@code etcd.leader.state} (1 while this application leads the role, 0 otherwise),
 * {@code etcd.leader.changes} (leadership granted and revoked, tagged {@code change}) and
 * {@code etcd.leader.lease.lost} (candidate leases that ended).
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLeaderMetrics implements MeterBinder {

	private final EtcdLeadership leadership;

	/**
	 * Create a new instance.
	 * @param leadership the leadership to measure
	 */
	public EtcdLeaderMetrics(EtcdLeadership leadership) {
		this.leadership = leadership;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (EtcdLeaderInitiator initiator : this.leadership.getInitiators()) {
			String role = initiator.getRole();
			Gauge.builder("etcd.leader.state", initiator, (it) -> it.isLeader() ? 1 : 0)
				.description("Whether this application leads the role")
				.tag("role", role)
				.register(registry);
			FunctionCounter.builder("etcd.leader.changes", initiator, EtcdLeaderInitiator::getGrantCount)
				.description("Leadership changes of this application")
				.tags("role", role, "change", "granted")
				.register(registry);
			FunctionCounter.builder("etcd.leader.changes", initiator, EtcdLeaderInitiator::getRevocationCount)
				.description("Leadership changes of this application")
				.tags("role", role, "change", "revoked")
				.register(registry);
			FunctionCounter.builder("etcd.leader.lease.lost", initiator, EtcdLeaderInitiator::getLostLeaseCount)
				.description("Candidate leases that ended while the application ran")
				.tag("role", role)
				.register(registry);
		}
	}

}
