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

package dev.etcdspring.config.refresh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.actuate.EtcdStateReporter;
import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigState;

/**
 * Reports the loaded contexts, their revisions and the recent refreshes as the
 * {@code config} section of the {@code etcd} actuator endpoint. Values are never shown;
 * each refresh lists at most {@value EtcdConfigRefreshHistory.Refresh#LISTED_KEYS} of the
 * names that changed ({@code keys}) and counts them all ({@code keyCount}).
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigStateReporter implements EtcdStateReporter {

	private final EtcdConfigState state;

	private final EtcdConfigRefreshHistory history;

	private final boolean watching;

	/**
	 * Create a new reporter.
	 * @param state the configuration state
	 * @param history the refresh history
	 * @param watching whether changes are applied at runtime
	 */
	public EtcdConfigStateReporter(EtcdConfigState state, EtcdConfigRefreshHistory history, boolean watching) {
		this.state = state;
		this.history = history;
		this.watching = watching;
	}

	@Override
	public String section() {
		return "config";
	}

	@Override
	public Map<String, Object> report() {
		List<Map<String, Object>> contexts = new ArrayList<>();
		Map<String, EtcdConfigContextData> content = this.state.content();
		for (EtcdConfigContext context : this.state.contexts()) {
			EtcdConfigContextData data = content.getOrDefault(context.path(), EtcdConfigContextData.UNREAD);
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("context", context.path());
			entry.put("format", context.format().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
			entry.put("revision", data.revision());
			entry.put("properties", data.properties().size());
			contexts.add(entry);
		}
		List<Map<String, Object>> refreshes = new ArrayList<>();
		for (EtcdConfigRefreshHistory.Refresh refresh : this.history.refreshes()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("time", refresh.time().toString());
			entry.put("revision", refresh.revision());
			entry.put("keys", refresh.keys());
			entry.put("keyCount", refresh.keyCount());
			entry.put("outcome", refresh.outcome().name().toLowerCase(java.util.Locale.ROOT));
			if (refresh.reason() != null) {
				entry.put("reason", refresh.reason());
			}
			entry.put("durationMs", refresh.duration().toNanos() / 1_000_000.0);
			refreshes.add(entry);
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("watching", this.watching);
		report.put("revision", this.history.revision());
		report.put("contexts", contexts);
		report.put("refreshes", refreshes);
		return report;
	}

}
