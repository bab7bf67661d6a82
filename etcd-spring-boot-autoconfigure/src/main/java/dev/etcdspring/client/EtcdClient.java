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

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.etcd.jetcd.Client;
import org.jspecify.annotations.Nullable;

/**
 * The operations of etcd's Go {@code clientv3} examples, Spring style: key-values (as
 * UTF-8 strings or bytes), transactions, supervised watches and leases. Keys are relative
 * to {@code etcd.namespace} when one is set.
 * <p>
 * Every call returns or fails within {@code etcd.request-timeout}; failures are
 * {@link EtcdException}s whose messages name the key and the endpoints. Watch and
 * keep-alive callbacks run on the client's own callback threads, never on gRPC threads.
 *
 * @author etcd-spring-boot-starter authors
 */
public interface EtcdClient {

	/**
	 * Put a key.
	 * @param key the key
	 * @param value the value
	 * @return the revision of the put
	 */
	long put(String key, String value);

	/**
	 * Put a key attached to a lease: etcd deletes it when the lease ends.
	 * @param key the key
	 * @param value the value
	 * @param leaseId the lease, from {@link #grantLease(Duration)}
	 * @return the revision of the put
	 */
	long put(String key, String value, long leaseId);

	/**
	 * Put a key given as bytes.
	 * @param key the key
	 * @param value the value
	 * @return the revision of the put
	 */
	long put(byte[] key, byte[] value);

	/**
	 * Put a key given as bytes, attached to a lease.
	 * @param key the key
	 * @param value the value
	 * @param leaseId the lease
	 * @return the revision of the put
	 */
	long put(byte[] key, byte[] value, long leaseId);

	/**
	 * Read a key.
	 * @param key the key
	 * @return the key-value, or empty if the key does not exist
	 */
	Optional<EtcdKeyValue> get(String key);

	/**
	 * Read a key given as bytes.
	 * @param key the key
	 * @return the key-value, or empty if the key does not exist
	 */
	Optional<EtcdKeyValue> get(byte[] key);

	/**
	 * Read every key under a prefix at one revision, in key order. Large ranges are read
	 * in pages at the same revision, so the result is a consistent snapshot whatever its
	 * size.
	 * @param prefix the prefix
	 * @return the key-values and the revision they were read at
	 */
	EtcdGetResult getPrefix(String prefix);

	/**
	 * Return whether anything under a prefix was put or deleted at exactly one revision.
	 * Three count-only reads (no values travel): the keys modified at the revision, the
	 * keys created at it, and the key counts at it and just before it.
	 * @param prefix the prefix
	 * @param revision the revision
	 * @return whether a key under the prefix changed at that revision
	 * @throws EtcdCompactedException if the revision before it was compacted
	 */
	boolean hasChangesAt(String prefix, long revision);

	/**
	 * Delete a key.
	 * @param key the key
	 * @return the number of keys deleted (0 or 1)
	 */
	long delete(String key);

	/**
	 * Delete every key under a prefix.
	 * @param prefix the prefix
	 * @return the number of keys deleted
	 */
	long deletePrefix(String prefix);

	/**
	 * Start a transaction.
	 * @return a transaction to add conditions and operations to
	 */
	EtcdTransaction transaction();

	/**
	 * Watch a key from now; shorthand for
	 * {@code watch(EtcdWatchOptions.key(key), listener)}.
	 * @param key the key
	 * @param listener the listener
	 * @return the running subscription
	 */
	EtcdWatchSubscription watch(String key, EtcdWatchListener listener);

	/**
	 * Watch a key or prefix. The subscription always asks for previous values (so deletes
	 * say what was deleted), resumes from the next undelivered revision after a
	 * disconnect or leader loss, and consults {@link EtcdWatchListener#onCompacted(long)}
	 * after a compaction. When this method returns the watch is registered with etcd, so
	 * a change made afterwards is delivered.
	 * @param options the key or prefix and start revision
	 * @param listener the listener
	 * @return the running subscription
	 */
	EtcdWatchSubscription watch(EtcdWatchOptions options, EtcdWatchListener listener);

	/**
	 * Grant a lease.
	 * @param ttl the time to live, at least one second (etcd counts in whole seconds)
	 * @return the lease
	 */
	EtcdLease grantLease(Duration ttl);

	/**
	 * Keep a lease alive until the returned handle is closed or the lease is lost.
	 * @param leaseId the lease
	 * @param listener told of each refreshed time to live and of the lease's loss
	 * @return the running keep-alive
	 */
	EtcdKeepAlive keepAlive(long leaseId, EtcdKeepAliveListener listener);

	/**
	 * Ask etcd how long a lease has left.
	 * @param leaseId the lease
	 * @return the lease's remaining and granted time to live and its keys
	 */
	EtcdLeaseTimeToLive timeToLive(long leaseId);

	/**
	 * Revoke a lease, deleting the keys attached to it.
	 * @param leaseId the lease
	 */
	void revokeLease(long leaseId);

	/**
	 * Compact the key-value history up to a revision. Watches that still needed older
	 * revisions are told through {@link EtcdWatchListener#onCompacted(long)}.
	 * @param revision the revision to compact up to
	 */
	void compact(long revision);

	/**
	 * Read the cluster's status from one of the endpoints.
	 * @return the status
	 */
	EtcdClusterStatus status();

	/**
	 * Return the endpoints the client talks to, for messages and diagnostics.
	 * @return the endpoints
	 */
	List<String> endpoints();

	/**
	 * Return the timeout every request is bounded by.
	 * @return the request timeout
	 */
	Duration requestTimeout();

	/**
	 * Return the underlying jetcd client for what this API does not cover. Calls made on
	 * it are not bounded by the request timeout unless the caller bounds them.
	 * @return the jetcd client
	 */
	Client jetcd();

	/**
	 * Return the state of everything this client keeps connected in the background: every
	 * watch, lease keep-alive and background retry started through it.
	 * @return the statuses, sorted by name
	 */
	default List<EtcdSupervisedStatus> supervised() {
		return List.of();
	}

	/**
	 * Return the retry policy of this client ({@code etcd.retry.*}), for parts that retry
	 * on their own schedule, such as the service registration's state machine.
	 * @return the retry policy
	 */
	default EtcdRetryPolicy retryPolicy() {
		return new EtcdRetryPolicy(new EtcdProperties.Retry());
	}

	/**
	 * Run an attempt in the background until it completes without throwing, waiting
	 * between attempts as {@code etcd.retry.*} says (and
	 * {@code etcd.retry.denied-interval} after a refusal). A failure is logged at WARN
	 * when it starts and at most once a minute while it lasts, and the recovery at INFO.
	 * @param name what the attempt does, for logs and the actuator (no values)
	 * @param attempt the attempt; anything it throws counts as a failure
	 * @param firstFailure the failure of an attempt the caller already made, to wait
	 * before the first retry, or {@code null} to make the first attempt at once
	 * @return the running task
	 */
	EtcdBackgroundTask retryInBackground(String name, Runnable attempt, @Nullable Throwable firstFailure);

}
