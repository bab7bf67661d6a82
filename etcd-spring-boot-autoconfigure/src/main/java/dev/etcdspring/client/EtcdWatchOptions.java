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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * What a watch covers: one key or every key under a prefix, from now or from a given
 * revision, and where its listener runs.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdWatchOptions {

	private final byte[] key;

	private final boolean prefix;

	private final long startRevision;

	private final @Nullable String description;

	private final @Nullable Executor executor;

	private final boolean previousValues;

	private EtcdWatchOptions(byte[] key, boolean prefix, long startRevision, @Nullable String description,
			@Nullable Executor executor, boolean previousValues) {
		this.key = key;
		this.prefix = prefix;
		this.startRevision = startRevision;
		this.description = description;
		this.executor = executor;
		this.previousValues = previousValues;
	}

	/**
	 * Watch a single key.
	 * @param key the key
	 * @return the options
	 */
	public static EtcdWatchOptions key(String key) {
		return key(key.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Watch a single key given as bytes.
	 * @param key the key
	 * @return the options
	 */
	public static EtcdWatchOptions key(byte[] key) {
		return new EtcdWatchOptions(key.clone(), false, 0, null, null, true);
	}

	/**
	 * Watch every key that starts with {@code prefix}.
	 * @param prefix the prefix
	 * @return the options
	 */
	public static EtcdWatchOptions prefix(String prefix) {
		return prefix(prefix.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Watch every key that starts with {@code prefix}, given as bytes.
	 * @param prefix the prefix
	 * @return the options
	 */
	public static EtcdWatchOptions prefix(byte[] prefix) {
		return new EtcdWatchOptions(prefix.clone(), true, 0, null, null, true);
	}

	/**
	 * Return a copy of these options that describes the watch by what it is for, in logs,
	 * the actuator and health details.
	 * @param description what the watch is for, e.g. {@code configuration watch}; names
	 * and keys only, never values
	 * @return new options
	 */
	public EtcdWatchOptions describedAs(String description) {
		return new EtcdWatchOptions(this.key, this.prefix, this.startRevision, description, this.executor,
				this.previousValues);
	}

	/**
	 * Return what the watch is for and what it watches.
	 * @return the description
	 */
	public String description() {
		String target = "watch on " + (this.prefix ? "prefix '" : "key '") + key() + "'";
		return (this.description != null) ? this.description + " (" + target + ")" : target;
	}

	/**
	 * Return options that start delivering at {@code revision} (inclusive) instead of
	 * now. Use the revision of a read plus one to see every change after that read.
	 * @param revision the first revision to deliver
	 * @return new options
	 */
	public EtcdWatchOptions fromRevision(long revision) {
		return new EtcdWatchOptions(this.key, this.prefix, revision, this.description, this.executor,
				this.previousValues);
	}

	/**
	 * Return a copy of these options whose listener runs on {@code executor} instead of
	 * the client's callback threads ({@code etcd.delivery.threads}). Use it when the
	 * events are handed to a thread of your own anyway: the listener then runs there,
	 * which saves a hand-off per event and keeps the watch independent of slow listeners
	 * of other watches. Calls stay one at a time and in revision order, and events the
	 * listener has not taken yet are bounded by {@code etcd.delivery.max-pending-*} as
	 * usual. The executor must run each task on a thread of its own: one that runs tasks
	 * on the calling thread would run the listener on gRPC's threads. When it rejects a
	 * task (shut down) nothing more is delivered.
	 * @param executor the executor that runs the listener
	 * @return new options
	 */
	public EtcdWatchOptions deliveredOn(Executor executor) {
		return new EtcdWatchOptions(this.key, this.prefix, this.startRevision, this.description, executor,
				this.previousValues);
	}

	/**
	 * Return a copy of these options whose events carry no previous key-value
	 * ({@link EtcdWatchEvent#previous()} is {@code null}, for a DELETE too: its key says
	 * what was deleted). By default etcd sends, with each event, the key-value as it was
	 * before, which it reads for every event before sending it; a listener that needs
	 * only the keys and new values saves that read.
	 * @return new options
	 */
	public EtcdWatchOptions withoutPreviousValues() {
		return new EtcdWatchOptions(this.key, this.prefix, this.startRevision, this.description, this.executor, false);
	}

	/**
	 * Return whether etcd is asked to send each event's previous key-value (the default).
	 * @return whether events carry previous key-values
	 */
	public boolean hasPreviousValues() {
		return this.previousValues;
	}

	/**
	 * Return the executor that runs the listener, {@code null} for the client's callback
	 * threads.
	 * @return the executor or {@code null}
	 */
	public @Nullable Executor executor() {
		return this.executor;
	}

	byte[] keyBytes() {
		return this.key;
	}

	/**
	 * Return the watched key or prefix as a UTF-8 string.
	 * @return the key or prefix
	 */
	public String key() {
		return new String(this.key, StandardCharsets.UTF_8);
	}

	/**
	 * Return whether every key under {@link #key()} is watched.
	 * @return whether this is a prefix watch
	 */
	public boolean isPrefix() {
		return this.prefix;
	}

	/**
	 * Return the first revision delivered, {@code 0} for "from now".
	 * @return the start revision
	 */
	public long startRevision() {
		return this.startRevision;
	}

	@Override
	public String toString() {
		return (this.prefix ? "prefix " : "key ") + key()
				+ ((this.startRevision > 0) ? " from revision " + this.startRevision : "");
	}

}
