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

/**
 * A transaction: optional conditions, then operations applied atomically in one revision
 * when the conditions hold, otherwise the {@link #otherwise() else} operations. Watchers
 * see all changes of a transaction at the same revision.
 *
 * <pre class="code">
 * client.transaction().put("/app/a", "1").put("/app/b", "2").delete("/app/c").commit();
 * client.transaction().ifAbsent("/lock").put("/lock", "me").commit().succeeded();
 * </pre>
 *
 * @author etcd-spring-boot-starter authors
 */
public interface EtcdTransaction {

	/**
	 * Require {@code key} to hold {@code value}.
	 * @param key the key
	 * @param value the expected value
	 * @return this transaction
	 */
	EtcdTransaction ifValue(String key, String value);

	/**
	 * Require {@code key} not to exist.
	 * @param key the key
	 * @return this transaction
	 */
	EtcdTransaction ifAbsent(String key);

	/**
	 * Require {@code key} to have been last modified at {@code revision}.
	 * @param key the key
	 * @param revision the expected modification revision
	 * @return this transaction
	 */
	EtcdTransaction ifModRevision(String key, long revision);

	/**
	 * Put a key.
	 * @param key the key
	 * @param value the value
	 * @return this transaction
	 */
	EtcdTransaction put(String key, String value);

	/**
	 * Put a key attached to a lease.
	 * @param key the key
	 * @param value the value
	 * @param leaseId the lease
	 * @return this transaction
	 */
	EtcdTransaction put(String key, String value, long leaseId);

	/**
	 * Put a key given as bytes.
	 * @param key the key
	 * @param value the value
	 * @return this transaction
	 */
	EtcdTransaction put(byte[] key, byte[] value);

	/**
	 * Delete a key.
	 * @param key the key
	 * @return this transaction
	 */
	EtcdTransaction delete(String key);

	/**
	 * Delete every key under a prefix.
	 * @param prefix the prefix
	 * @return this transaction
	 */
	EtcdTransaction deletePrefix(String prefix);

	/**
	 * Switch to the operations applied when a condition fails; operations added after
	 * this call go to the else branch.
	 * @return this transaction
	 */
	EtcdTransaction otherwise();

	/**
	 * Apply the transaction.
	 * @return the outcome
	 * @throws EtcdException if etcd rejected the transaction or did not answer in time
	 */
	EtcdTransactionResult commit();

}
