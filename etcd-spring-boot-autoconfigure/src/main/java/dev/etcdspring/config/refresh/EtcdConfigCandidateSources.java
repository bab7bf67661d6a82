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

import java.util.HashMap;
import java.util.Map;

import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigPropertySource;
import dev.etcdspring.config.EtcdConfigState;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Step 3 of applying a batch: the property sources the application would have with the
 * next content, to check beans against before anything is committed. They are the
 * environment's, in its order, with each etcd property source replaced by a candidate
 * reading the next content of its context (or the content in force, for a context the
 * batch leaves alone).
 * <p>
 * There is one candidate source per context for the life of the application, and the
 * candidate of a context is used whether or not the batch changes it: Spring Boot's
 * binder keeps what it derived from a property source (its names as configuration
 * property names) for as long as it sees the same instance with the same names, so
 * checking a change costs nothing in proportion to the size of the context.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigCandidateSources {

	private final ConfigurableEnvironment environment;

	private final EtcdConfigState state;

	// Touched by the applying thread only.
	private final Map<String, Candidate> candidates = new HashMap<>();

	EtcdConfigCandidateSources(ConfigurableEnvironment environment, EtcdConfigState state) {
		this.environment = environment;
		this.state = state;
	}

	/**
	 * Return the candidate property sources.
	 * @param next the next content of the contexts a batch changes, by path
	 * @return the property sources
	 */
	MutablePropertySources build(Map<String, EtcdConfigContextData> next) {
		MutablePropertySources sources = new MutablePropertySources();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					|| EtcdConfigRefreshScopeReads.PROPERTY_SOURCE_NAME.equals(source.getName())) {
				continue;
			}
			if (source instanceof EtcdConfigPropertySource etcd) {
				EtcdConfigContext context = etcd.getSource();
				EtcdConfigContextData content = next.get(context.path());
				// One candidate per source: a large context has one for each part.
				Candidate candidate = this.candidates.computeIfAbsent(etcd.getName(), (name) -> new Candidate(etcd));
				candidate.content = (content != null) ? content : this.state.content(context.path());
				sources.addLast(candidate.source);
			}
			else {
				sources.addLast(source);
			}
		}
		return sources;
	}

	private static final class Candidate {

		private volatile EtcdConfigContextData content = EtcdConfigContextData.UNREAD;

		private final EtcdConfigPropertySource source;

		Candidate(EtcdConfigPropertySource live) {
			this.source = live.withProperties(() -> this.content.properties());
		}

	}

}
