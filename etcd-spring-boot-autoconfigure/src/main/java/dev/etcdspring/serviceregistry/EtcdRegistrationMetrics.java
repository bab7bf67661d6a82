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

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the registry's metrics: {@code etcd.registration.state} (registrations written
 * under a live lease: 1 for a registered application, 0 otherwise),
 * {@code etcd.lease.regrants} (lost leases granted again) and
 * {@code etcd.lease.keepalive.failures} (keep-alive errors reported by the client).
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdRegistrationMetrics implements MeterBinder {

	private final EtcdServiceRegistry registry;

	/**
	 * Create a new instance.
	 * @param registry the registry to measure
	 */
	public EtcdRegistrationMetrics(EtcdServiceRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		Gauge.builder("etcd.registration.state", this.registry, EtcdServiceRegistry::getRegisteredCount)
			.description("Registrations written in etcd under a live lease")
			.register(meterRegistry);
		FunctionCounter.builder("etcd.lease.regrants", this.registry, EtcdServiceRegistry::getRegrantCount)
			.description("Lost registration leases granted again")
			.register(meterRegistry);
		FunctionCounter
			.builder("etcd.lease.keepalive.failures", this.registry, EtcdServiceRegistry::getKeepAliveFailureCount)
			.description("Keep-alive errors of registration leases")
			.register(meterRegistry);
	}

}
