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

import java.time.Duration;

/**
 * The lease TTL rules etcd imposes on {@code etcd.registration.ttl}. etcd grants leases
 * in whole seconds, from one second to {@link #MAX} (etcd's {@code MaxLeaseTTL}), and
 * never less than its own minimum lease TTL (1.5 times its election timeout, 2 seconds
 * with etcd's defaults), which the registry reports as the TTL etcd granted. A fraction
 * of a second is rejected rather than rounded, so that the configured TTL is the one
 * asked for.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdRegistrationTtl {

	static final String PROPERTY = "etcd.registration.ttl";

	/**
	 * etcd's MaxLeaseTTL: a larger TTL is refused with "etcdserver: too large lease TTL".
	 */
	static final Duration MAX = Duration.ofSeconds(9_000_000_000L);

	static final String ALLOWED = "a whole number of seconds from 1s to " + MAX.getSeconds()
			+ "s (for example 10s); etcd counts lease TTLs in whole seconds, and grants at least its minimum"
			+ " lease TTL (1.5 times its election timeout: 2s with etcd's defaults)";

	private EtcdRegistrationTtl() {
	}

	/**
	 * Check a lease TTL.
	 * @param ttl the time to live
	 * @return the same time to live
	 * @throws EtcdRegistrationPropertyException if etcd cannot grant it as it is
	 */
	static Duration validate(Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw invalid("it is zero or negative");
		}
		if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
			throw invalid("it is shorter than one second");
		}
		if (ttl.getNano() != 0) {
			throw invalid("it has a fraction of a second, which etcd cannot grant");
		}
		if (ttl.compareTo(MAX) > 0) {
			throw invalid("it is longer than etcd's maximum lease TTL");
		}
		return ttl;
	}

	private static EtcdRegistrationPropertyException invalid(String problem) {
		return new EtcdRegistrationPropertyException(PROPERTY, problem, ALLOWED);
	}

}
