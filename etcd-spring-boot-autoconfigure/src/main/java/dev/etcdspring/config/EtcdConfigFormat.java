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
 * How configuration is stored under a context.
 *
 * @author etcd-spring-boot-starter authors
 */
public enum EtcdConfigFormat {

	/**
	 * One key per property; the key's path below the context, with {@code /} read as
	 * {@code .}, is the property name.
	 */
	KEY_VALUE,

	/**
	 * A YAML document in {@code {context}/{data-key}}.
	 */
	YAML,

	/**
	 * A {@code .properties} document in {@code {context}/{data-key}}.
	 */
	PROPERTIES,

	/**
	 * A JSON document in {@code {context}/{data-key}}.
	 */
	JSON;

	/**
	 * Return whether the configuration is one document rather than one key per property.
	 * @return whether this is a document format
	 */
	public boolean isDocument() {
		return this != KEY_VALUE;
	}

}
