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

package dev.etcdspring.client;

import java.util.List;

/**
 * The key-values read by a range or prefix get, and the revision of the store they were
 * read at. Watching from {@code revision() + 1} sees every later change.
 *
 * @param keyValues the key-values, sorted by key
 * @param revision the store revision the read saw
 * @author etcd-spring-boot-starter authors
 */
public record EtcdGetResult(List<EtcdKeyValue> keyValues, long revision) {

	/**
	 * Create a new instance.
	 * @param keyValues the key-values
	 * @param revision the revision
	 */
	public EtcdGetResult {
		keyValues = List.copyOf(keyValues);
	}

	/**
	 * Return whether nothing was found.
	 * @return {@code true} if there are no key-values
	 */
	public boolean isEmpty() {
		return this.keyValues.isEmpty();
	}

}
