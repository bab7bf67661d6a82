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

/**
 * The content of a context at a revision: its raw key-values and the properties they
 * form.
 *
 * @param keyValues the context's relevant keys and their values, by full key
 * @param properties the properties, by name
 * @param revision the etcd revision this content reflects; {@code 0} when never read
 * @author etcd-spring-boot-starter authors
 */
public record EtcdConfigContextData(Map<String, String> keyValues, Map<String, Object> properties, long revision) {

	/**
	 * Content of a context not read yet.
	 */
	public static final EtcdConfigContextData UNREAD = new EtcdConfigContextData(Map.of(), Map.of(), 0);

	/**
	 * Create a new instance. Both maps keep their order: the order of property names is
	 * what the binder goes by when two names bind to one property, and it must not differ
	 * between two instances reading the same content. Both are immutable copies from
	 * which the next content is derived at the cost of the change (see
	 * {@link EtcdConfigIncrementalParser}); a map that is such a copy already is kept as
	 * it is.
	 * @param keyValues the key-values
	 * @param properties the properties
	 * @param revision the revision
	 */
	public EtcdConfigContextData {
		keyValues = EtcdConfigSnapshotMap.of(keyValues);
		properties = EtcdConfigSnapshotMap.of(properties);
	}

	/**
	 * Return whether this content was read from etcd.
	 * @return whether the context was read
	 */
	public boolean isRead() {
		return this.revision > 0;
	}

}
