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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigState;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Step 6 of applying a batch: puts the next content in force. The content of every etcd
 * property source is replaced in one step (they all read the {@link EtcdConfigState}), so
 * a reader never sees half of a change, not even one spanning contexts. Once the
 * concerned beans are rebound (step 7), an {@link EnvironmentChangeEvent} names exactly
 * the changed names.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigCommit {

	private final EtcdConfigState state;

	private final EtcdConfigRefreshHistory history;

	private final ApplicationEventPublisher publisher;

	private final Object eventSource;

	/**
	 * Create a new instance.
	 * @param state the configuration in force
	 * @param history the history, told the revision in force
	 * @param publisher publishes the change event
	 * @param eventSource the source of the change event: not the application context, so
	 * that Spring Cloud's {@code ConfigurationPropertiesRebinder}, which would rebind
	 * every bean, ignores it (the concerned beans are rebound one by one)
	 */
	EtcdConfigCommit(EtcdConfigState state, EtcdConfigRefreshHistory history, ApplicationEventPublisher publisher,
			Object eventSource) {
		this.state = state;
		this.history = history;
		this.publisher = publisher;
		this.eventSource = eventSource;
	}

	/**
	 * Put the next content in force.
	 * @param next the next content of the contexts a batch changes, by path
	 * @param revision the highest revision of the batch
	 */
	void commit(Map<String, EtcdConfigContextData> next, long revision) {
		Map<String, EtcdConfigContextData> content = new LinkedHashMap<>(this.state.content());
		content.putAll(next);
		this.state.replace(content);
		// Not the highest revision ever seen: after etcd was restored or replaced, the
		// reloaded content is at the new cluster's (lower) revisions.
		this.history.revision(revisionOf(content, revision));
	}

	/**
	 * Tell the application which names changed.
	 * @param changed the changed names
	 */
	void announce(Set<String> changed) {
		this.publisher.publishEvent(new EnvironmentChangeEvent(this.eventSource, changed));
	}

	static long revisionOf(Map<String, EtcdConfigContextData> content, long fallback) {
		return content.values().stream().mapToLong(EtcdConfigContextData::revision).max().orElse(fallback);
	}

}
