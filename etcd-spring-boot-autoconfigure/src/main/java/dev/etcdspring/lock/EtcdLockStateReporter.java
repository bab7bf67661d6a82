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

import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdspring.actuate.EtcdStateReporter;

/**
 * Reports the lock registry to the {@code etcd} actuator endpoint, section {@code locks}:
 * prefix, time to live, the leases lock keys are attached to (hex), every lock a thread
 * of this application holds (name, key, fencing token, since when, whether it was lost,
 * how many local threads wait for it) and the counts of lost locks and leases.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLockStateReporter implements EtcdStateReporter {

	private final EtcdLockRegistry registry;

	/**
	 * Create a new instance.
	 * @param registry the registry to report
	 */
	public EtcdLockStateReporter(EtcdLockRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String section() {
		return "locks";
	}

	@Override
	public Object report() {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("prefix", this.registry.getPrefix());
		report.put("ttl", this.registry.getTtl().toString());
		report.put("leases", this.registry.leases());
		report.put("held", this.registry.heldLocks());
		report.put("lostLocks", this.registry.getLostLockCount());
		report.put("lostLeases", this.registry.getLostLeaseCount());
		return report;
	}

}
