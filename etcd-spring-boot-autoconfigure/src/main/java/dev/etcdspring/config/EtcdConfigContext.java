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

/**
 * One loaded context: a key prefix whose keys (or document) form one property source.
 *
 * @param path the context's path without a trailing slash, e.g. {@code /config/orders}
 * @param format how configuration is stored below it
 * @param dataKey the key below the context holding the document, for document formats
 * @param optional whether the import that named it was optional
 * @param resolvePlaceholders whether {@code ${...}} placeholders in its values resolve
 * against other properties; when not, they are literal text
 * @author etcd-spring-boot-starter authors
 */
public record EtcdConfigContext(String path, EtcdConfigFormat format, String dataKey, boolean optional,
		boolean resolvePlaceholders) {

	/**
	 * Create a context whose values may hold placeholders that resolve.
	 * @param path the context's path without a trailing slash
	 * @param format how configuration is stored below it
	 * @param dataKey the key below the context holding the document
	 * @param optional whether the import that named it was optional
	 */
	public EtcdConfigContext(String path, EtcdConfigFormat format, String dataKey, boolean optional) {
		this(path, format, dataKey, optional, true);
	}

	/**
	 * Return the prefix every key of this context starts with: the path and a slash.
	 * @return the key prefix
	 */
	public String keyPrefix() {
		return this.path + "/";
	}

	/**
	 * Return whether a key belongs to this context.
	 * @param key an etcd key
	 * @return whether the key is below this context
	 */
	public boolean contains(String key) {
		return key.startsWith(keyPrefix());
	}

	/**
	 * Return whether a key of this context can change its properties: any key for
	 * {@code key-value}, only the document key for document formats.
	 * @param key a key of this context
	 * @return whether the key is relevant
	 */
	public boolean isRelevant(String key) {
		return contains(key) && (!this.format.isDocument() || key.equals(documentKey()));
	}

	/**
	 * Return the key holding the document for document formats.
	 * @return the document key
	 */
	public String documentKey() {
		return keyPrefix() + this.dataKey;
	}

	/**
	 * Return the name of the property source holding this context.
	 * @return the property source name
	 */
	public String propertySourceName() {
		return "etcd:" + this.path;
	}

}
