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

import org.jspecify.annotations.Nullable;

/**
 * A change seen by a watch: a key put or deleted at a revision.
 *
 * @param type whether the key was put or deleted
 * @param keyValue the key-value after the change; for a delete, the key with an empty
 * value and the revision of the delete
 * @param previous the key-value before the change, or {@code null} when the key did not
 * exist or etcd no longer holds the previous revision
 * @author etcd-spring-boot-starter authors
 */
public record EtcdWatchEvent(Type type, EtcdKeyValue keyValue, @Nullable EtcdKeyValue previous) {

	/**
	 * Return the key as a UTF-8 string.
	 * @return the key
	 */
	public String key() {
		return this.keyValue.key();
	}

	/**
	 * Return the new value as a UTF-8 string; empty for a delete.
	 * @return the value
	 */
	public String value() {
		return this.keyValue.value();
	}

	/**
	 * Return the previous value as a UTF-8 string, or {@code null} if unknown.
	 * @return the previous value
	 */
	public @Nullable String previousValue() {
		return (this.previous != null) ? this.previous.value() : null;
	}

	/**
	 * Return the revision of the change.
	 * @return the revision
	 */
	public long revision() {
		return this.keyValue.modRevision();
	}

	/**
	 * Return the event as etcd's Go watch example prints it, e.g.
	 * {@code Type:PUT,Key:/ns/service,Value:127.0.0.1:8001}.
	 */
	@Override
	public String toString() {
		return "Type:" + this.type + ",Key:" + key() + ",Value:" + value();
	}

	/**
	 * The kind of change.
	 */
	public enum Type {

		/**
		 * The key was created or updated.
		 */
		PUT,

		/**
		 * The key was deleted, or expired with its lease.
		 */
		DELETE

	}

}
