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

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the lock registry's metrics: {@code etcd.lock.wait} (time from asking for a lock
 * to holding it or giving up, tagged {@code outcome} {@code acquired}, {@code timed-out}
 * or {@code failed}; lock names are not tags, they are unbounded), {@code etcd.lock.held}
 * (locks held now), {@code etcd.lock.lost} (locks lost while held) and
 * {@code etcd.lock.lease.lost} (leases lost).
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLockMetrics implements MeterBinder {

	private final EtcdLockRegistry registry;

	/**
	 * Create a new instance.
	 * @param registry the registry to measure
	 */
	public EtcdLockMetrics(EtcdLockRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		Map<String, Timer> waits = Map.of("acquired", waitTimer(meterRegistry, "acquired"), "timed-out",
				waitTimer(meterRegistry, "timed-out"), "failed", waitTimer(meterRegistry, "failed"));
		Gauge.builder("etcd.lock.held", this.registry, EtcdLockRegistry::getHeldLockCount)
			.description("Locks held by this application")
			.register(meterRegistry);
		FunctionCounter.builder("etcd.lock.lost", this.registry, EtcdLockRegistry::getLostLockCount)
			.description("Locks lost while held: their lease ended or their key was deleted")
			.register(meterRegistry);
		Counter leasesLost = Counter.builder("etcd.lock.lease.lost")
			.description("Leases of lock keys that ended while the application ran")
			.register(meterRegistry);
		this.registry.addObserver(new EtcdLockRegistry.Observer() {

			@Override
			public void attempted(String name, String outcome, long waitNanos) {
				Timer timer = waits.get(outcome);
				if (timer != null) {
					timer.record(waitNanos, TimeUnit.NANOSECONDS);
				}
			}

			@Override
			public void lockLost(String name) {
			}

			@Override
			public void leaseLost() {
				leasesLost.increment();
			}

		});
	}

	private static Timer waitTimer(MeterRegistry meterRegistry, String outcome) {
		return Timer.builder("etcd.lock.wait")
			.description("Time from asking for an etcd lock to holding it or giving up")
			.tag("outcome", outcome)
			.register(meterRegistry);
	}

}
