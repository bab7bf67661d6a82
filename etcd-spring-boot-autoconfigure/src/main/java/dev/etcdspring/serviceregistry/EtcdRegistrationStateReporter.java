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
import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdspring.actuate.EtcdStateReporter;
import org.jspecify.annotations.Nullable;

/**
 * Reports the application's registration to the {@code etcd} actuator endpoint, section
 * {@code registration}: key, state, lease id (hex), the time to live etcd granted and the
 * estimated remaining one, the time to live asked for, status, why the last attempt
 * failed and how many failed in a row, and the registry's re-grant and keep-alive failure
 * counts.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdRegistrationStateReporter implements EtcdStateReporter {

	private final EtcdServiceRegistry registry;

	private final @Nullable EtcdRegistration registration;

	/**
	 * Create a new instance.
	 * @param registry the registry
	 * @param registration the application's registration, or {@code null} when it does
	 * not register itself
	 */
	public EtcdRegistrationStateReporter(EtcdServiceRegistry registry, @Nullable EtcdRegistration registration) {
		this.registry = registry;
		this.registration = registration;
	}

	@Override
	public String section() {
		return "registration";
	}

	@Override
	public Object report() {
		Map<String, Object> report = new LinkedHashMap<>();
		EtcdRegistration registration = this.registration;
		if (registration != null) {
			report.put("key", registration.getKey());
			report.put("state", this.registry.getState(registration).name());
			long leaseId = this.registry.getLeaseId(registration);
			report.put("leaseId", (leaseId != 0) ? Long.toHexString(leaseId) : null);
			Duration remaining = this.registry.getRemainingTtl(registration);
			report.put("remainingTtl", (remaining != null) ? remaining.toString() : null);
			Duration granted = this.registry.getGrantedTtl(registration);
			report.put("ttl", (granted != null) ? granted.toString() : null);
			report.put("requestedTtl", this.registry.getTtl().toString());
			report.put("status", registration.getStatus());
			report.put("lastError", this.registry.getLastError(registration));
			report.put("consecutiveFailures", this.registry.getConsecutiveFailures(registration));
		}
		report.put("regrants", this.registry.getRegrantCount());
		report.put("keepAliveFailures", this.registry.getKeepAliveFailureCount());
		return report;
	}

}
