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

package dev.etcdspring.watch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.actuate.EtcdStateReporter;
import dev.etcdspring.client.EtcdSupervisedStatus;

/**
 * Reports the {@link EtcdWatch @EtcdWatch} methods in the {@code watches} section of the
 * {@code etcd} actuator endpoint: key, last delivered revision, events delivered and
 * failed calls of each.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdWatchStateReporter implements EtcdStateReporter {

	private final EtcdWatchMethodRegistry registry;

	/**
	 * Create a reporter.
	 * @param registry the registry of watch methods
	 */
	public EtcdWatchStateReporter(EtcdWatchMethodRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String section() {
		return "watches";
	}

	@Override
	public List<Map<String, Object>> report() {
		return this.registry.methods().stream().map(EtcdWatchStateReporter::describe).toList();
	}

	private static Map<String, Object> describe(EtcdWatchMethod method) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("method", method.method());
		description.put("key", method.key());
		description.put("prefix", method.isPrefix());
		description.put("active", method.isActive());
		EtcdSupervisedStatus status = method.status();
		description.put("state", (status != null) ? status.state().name() : "CLOSED");
		if (status != null) {
			description.put("watch", status.toMap());
		}
		description.put("lastRevision", method.lastRevision());
		description.put("eventsDelivered", method.eventsDelivered());
		description.put("failures", method.failures());
		description.put("compactions", method.compactions());
		return description;
	}

}
