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

package dev.etcdspring.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration the application runs on: every loaded context and its content. The
 * loader fills it at startup and hands it, with the revisions it read, to the watch that
 * applies later changes. All contexts are replaced together in one step, so a reader of
 * the {@link EtcdConfigPropertySource}s never sees half of a change.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdConfigState {

	private final Map<String, EtcdConfigContext> contexts = Collections.synchronizedMap(new LinkedHashMap<>());

	private volatile Map<String, EtcdConfigContextData> content = Map.of();

	private volatile boolean unreachable;

	/**
	 * Add a context if it is not known yet.
	 * @param context the context
	 */
	public void addContext(EtcdConfigContext context) {
		this.contexts.putIfAbsent(context.path(), context);
	}

	/**
	 * Return the known contexts in the order they were loaded.
	 * @return the contexts
	 */
	public List<EtcdConfigContext> contexts() {
		synchronized (this.contexts) {
			return List.copyOf(new ArrayList<>(this.contexts.values()));
		}
	}

	/**
	 * Record the content of one context read during startup.
	 * @param path the context path
	 * @param data the content
	 */
	public synchronized void loaded(String path, EtcdConfigContextData data) {
		Map<String, EtcdConfigContextData> updated = new LinkedHashMap<>(this.content);
		updated.put(path, data);
		this.content = Collections.unmodifiableMap(updated);
	}

	/**
	 * Replace the content of every context in one step.
	 * @param content the new content, by context path
	 */
	public synchronized void replace(Map<String, EtcdConfigContextData> content) {
		this.content = Collections.unmodifiableMap(new LinkedHashMap<>(content));
	}

	/**
	 * Return the content of every context, as one consistent snapshot.
	 * @return the content by context path
	 */
	public Map<String, EtcdConfigContextData> content() {
		return this.content;
	}

	/**
	 * Return the content of one context.
	 * @param path the context path
	 * @return its content, {@link EtcdConfigContextData#UNREAD} when not read
	 */
	public EtcdConfigContextData content(String path) {
		return this.content.getOrDefault(path, EtcdConfigContextData.UNREAD);
	}

	/**
	 * Return whether etcd could not be reached during startup.
	 * @return whether the load found etcd unreachable
	 */
	public boolean isUnreachable() {
		return this.unreachable;
	}

	/**
	 * Remember that etcd could not be reached, so later contexts do not wait again.
	 * @param unreachable whether etcd is unreachable
	 */
	public void setUnreachable(boolean unreachable) {
		this.unreachable = unreachable;
	}

}
