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

package dev.etcdspring.config.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * The most recent refreshes from etcd, for the actuator endpoint, and the hook metrics
 * observe them through.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigRefreshHistory {

	private final int size;

	private final Deque<Refresh> refreshes = new ArrayDeque<>();

	private final List<Observer> observers = new CopyOnWriteArrayList<>();

	private volatile long revision;

	/**
	 * Create a history keeping the given number of refreshes.
	 * @param size the number of refreshes kept
	 */
	public EtcdConfigRefreshHistory(int size) {
		this.size = Math.max(1, size);
	}

	/**
	 * Record a refresh.
	 * @param refresh the refresh
	 */
	public void record(Refresh refresh) {
		synchronized (this.refreshes) {
			this.refreshes.addFirst(refresh);
			while (this.refreshes.size() > this.size) {
				this.refreshes.removeLast();
			}
		}
		this.observers.forEach((observer) -> observer.refreshed(refresh));
	}

	/**
	 * Record that watch events arrived.
	 * @param count the number of events
	 */
	public void eventsReceived(int count) {
		this.observers.forEach((observer) -> observer.eventsReceived(count));
	}

	/**
	 * Record the revision the configuration in force reflects. It goes back when etcd was
	 * restored or replaced and the configuration was reloaded from the new cluster.
	 * @param revision the revision
	 */
	public void revision(long revision) {
		this.revision = revision;
	}

	/**
	 * Return the revision the configuration in force reflects.
	 * @return the revision
	 */
	public long revision() {
		return this.revision;
	}

	/**
	 * Return the recent refreshes, newest first.
	 * @return the refreshes
	 */
	public List<Refresh> refreshes() {
		synchronized (this.refreshes) {
			return new ArrayList<>(this.refreshes);
		}
	}

	/**
	 * Add an observer of refreshes.
	 * @param observer the observer
	 */
	public void addObserver(Observer observer) {
		this.observers.add(observer);
	}

	/**
	 * One refresh. It lists at most {@value #LISTED_KEYS} of the names that changed, the
	 * first in alphabetical order, and counts them all, so that a document of 40,000
	 * properties still makes one readable log line and a small actuator response.
	 *
	 * @param time when it happened
	 * @param revision the etcd revision it brought the configuration to
	 * @param keys the first of the property names that changed, in alphabetical order
	 * @param keyCount how many property names changed
	 * @param outcome what happened
	 * @param reason why it was rejected, or {@code null}
	 * @param duration how long it took
	 */
	public record Refresh(Instant time, long revision, Set<String> keys, int keyCount, Outcome outcome,
			@Nullable String reason, Duration duration) {

		/**
		 * The number of names a refresh lists.
		 */
		public static final int LISTED_KEYS = 20;

		/**
		 * Create a new instance.
		 * @param time when it happened
		 * @param revision the etcd revision it brought the configuration to
		 * @param keys the first of the property names that changed, in alphabetical order
		 * @param keyCount how many property names changed
		 * @param outcome what happened
		 * @param reason why it was rejected, or {@code null}
		 * @param duration how long it took
		 */
		public Refresh {
			keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys));
			keyCount = Math.max(keyCount, keys.size());
		}

		/**
		 * Create a refresh from every name that changed, keeping the first
		 * {@value #LISTED_KEYS} in alphabetical order and their count.
		 * @param time when it happened
		 * @param revision the etcd revision it brought the configuration to
		 * @param names all property names that changed
		 * @param outcome what happened
		 * @param reason why it was rejected, or {@code null}
		 * @param duration how long it took
		 */
		public Refresh(Instant time, long revision, Collection<String> names, Outcome outcome, @Nullable String reason,
				Duration duration) {
			this(time, revision, first(names), names.size(), outcome, reason, duration);
		}

		private static Set<String> first(Collection<String> names) {
			TreeSet<String> first = new TreeSet<>();
			for (String name : names) {
				first.add(name);
				if (first.size() > LISTED_KEYS) {
					first.pollLast();
				}
			}
			return first;
		}

		/**
		 * Describe the names that changed on one line: {@code [a, b]}, or
		 * {@code [a, ..., t, ... and 39980 more]}.
		 * @return the description
		 */
		public String describeKeys() {
			int more = this.keyCount - this.keys.size();
			return "[" + String.join(", ", this.keys) + ((more > 0) ? ", ... and " + more + " more" : "") + "]";
		}

	}

	/**
	 * What a refresh did.
	 */
	public enum Outcome {

		/**
		 * The change was applied.
		 */
		APPLIED,

		/**
		 * The change was refused; the previous configuration stays in force.
		 */
		REJECTED

	}

	/**
	 * Told of every refresh, e.g. to record metrics.
	 */
	public interface Observer {

		/**
		 * Called after each refresh.
		 * @param refresh the refresh
		 */
		void refreshed(Refresh refresh);

		/**
		 * Called when watch events arrive.
		 * @param count the number of events
		 */
		default void eventsReceived(int count) {
		}

	}

}
