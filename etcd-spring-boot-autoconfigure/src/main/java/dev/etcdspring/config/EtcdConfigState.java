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
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

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

	private final Map<String, String> required = new ConcurrentHashMap<>();

	private volatile boolean skipOptionalReads;

	/**
	 * Add a context if it is not known yet. A required context replaces an optional one
	 * of the same path.
	 * @param context the context
	 */
	public void addContext(EtcdConfigContext context) {
		synchronized (this.contexts) {
			EtcdConfigContext known = this.contexts.get(context.path());
			if (known == null || (known.optional() && !context.optional())) {
				this.contexts.put(context.path(), context);
			}
		}
	}

	/**
	 * Record that a non-optional import names a context. Boot loads a resource once, so
	 * when an optional import names the same context and is loaded first, this keeps it
	 * required.
	 * @param path the context path
	 * @param location the non-optional location that names it, for messages
	 */
	public void require(String path, String location) {
		this.required.putIfAbsent(path, location);
	}

	/**
	 * Return the non-optional location that names a context.
	 * @param path the context path
	 * @return the location, or {@code null} if only optional imports name it
	 */
	public @Nullable String requiredBy(String path) {
		return this.required.get(path);
	}

	/**
	 * Return whether a context must be loaded for startup to succeed: its import is not
	 * optional, or any non-optional import names it too.
	 * @param context the context
	 * @return whether the context is required
	 */
	public boolean isRequired(EtcdConfigContext context) {
		return !context.optional() || this.required.containsKey(context.path());
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
	 * Return whether optional contexts are no longer read during startup, because an
	 * earlier one found etcd unreachable or rejecting the credentials. Required contexts
	 * are always read.
	 * @return whether optional contexts are skipped
	 */
	public boolean isSkippingOptionalReads() {
		return this.skipOptionalReads;
	}

	/**
	 * Stop reading optional contexts during startup, so that each does not wait for an
	 * unreachable etcd again. Required contexts are still read (and retried).
	 */
	public void skipOptionalReads() {
		this.skipOptionalReads = true;
	}

}
