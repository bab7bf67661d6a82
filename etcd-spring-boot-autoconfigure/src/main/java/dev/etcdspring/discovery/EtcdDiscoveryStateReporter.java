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

package dev.etcdspring.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdspring.actuate.EtcdStateReporter;
import dev.etcdspring.client.EtcdSupervisedStatus;

/**
 * Reports the discovery cache to the {@code etcd} actuator endpoint, section
 * {@code discovery}: the prefix, whether it is loaded, its revision and the services with
 * their instance counts.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdDiscoveryStateReporter implements EtcdStateReporter {

	private final EtcdServiceInstanceCache cache;

	/**
	 * Create a new instance.
	 * @param cache the cache to report
	 */
	public EtcdDiscoveryStateReporter(EtcdServiceInstanceCache cache) {
		this.cache = cache;
	}

	@Override
	public String section() {
		return "discovery";
	}

	@Override
	public Object report() {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("prefix", this.cache.getPrefix());
		report.put("loaded", this.cache.isLoaded());
		report.put("revision", this.cache.getRevision());
		report.put("services", this.cache.getInstanceCounts());
		EtcdSupervisedStatus status = this.cache.getStatus();
		if (status != null) {
			report.put("watch", status.toMap());
		}
		return report;
	}

}
