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

import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties of one etcd context. It reads the current content on every call, so
 * replacing the content of the {@link EtcdConfigState} changes every etcd property source
 * of the environment at once.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigPropertySource extends EnumerablePropertySource<EtcdConfigContext> {

	private final Supplier<Map<String, Object>> properties;

	private volatile @Nullable Names names;

	/**
	 * Create a property source reading the state's current content of a context.
	 * @param context the context
	 * @param state the state
	 */
	public EtcdConfigPropertySource(EtcdConfigContext context, EtcdConfigState state) {
		this(context, () -> state.content(context.path()).properties());
	}

	/**
	 * Create a property source over fixed or computed properties.
	 * @param context the context
	 * @param properties supplies the properties on each call
	 */
	public EtcdConfigPropertySource(EtcdConfigContext context, Supplier<Map<String, Object>> properties) {
		super(context.propertySourceName(), context);
		this.properties = properties;
	}

	@Override
	public String[] getPropertyNames() {
		// Same array while the content is the same, so Boot's name mappings, which
		// compare arrays, stay cheap with thousands of keys.
		Map<String, Object> current = this.properties.get();
		if (current instanceof EtcdConfigSnapshotMap<Object> snapshot) {
			// its key array only changes when a key is added or removed
			return snapshot.keys();
		}
		Names names = this.names;
		if (names == null || names.source() != current) {
			names = new Names(current, current.keySet().toArray(String[]::new));
			this.names = names;
		}
		return names.names();
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return this.properties.get().get(name);
	}

	@Override
	public boolean containsProperty(String name) {
		return this.properties.get().containsKey(name);
	}

	private record Names(Map<String, Object> source, String[] names) {

	}

}
