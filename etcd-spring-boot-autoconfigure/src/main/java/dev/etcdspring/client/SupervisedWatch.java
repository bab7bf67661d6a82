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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A watch that keeps going. jetcd resumes a watch by itself after ordinary stream errors,
 * but gives up (completes the watcher) on compaction, leader loss and halt errors, or
 * when the server ends the stream. Each time that happens this class creates a new jetcd
 * watcher from the revision after the last one delivered, after consulting the listener
 * when revisions were compacted away. Events are grouped by revision and delivered in
 * order on a serial executor, skipping revisions already delivered, so a re-created
 * stream never repeats or reorders events.
 *
 * @author etcd-spring-boot-starter authors
 */
final class SupervisedWatch implements EtcdWatchSubscription {

	private static final Log logger = LogFactory.getLog(SupervisedWatch.class);

	private final Watch watch;

	private final EtcdWatchOptions options;

	private final EtcdWatchListener listener;

	private final Executor delivery;

	private final ScheduledExecutorService scheduler;

	private final EtcdErrors errors;

	private final ExponentialBackOff backOff;

	/** Only touched on the delivery executor. */
	private final AtomicLong lastRevision;

	private final Object lock = new Object();

	private @Nullable Generation current;

	private @Nullable BackOffExecution backOffExecution;

	private volatile boolean closed;

	SupervisedWatch(Watch watch, EtcdWatchOptions options, EtcdWatchListener listener, Executor delivery,
			ScheduledExecutorService scheduler, EtcdErrors errors) {
		this.watch = watch;
		this.options = options;
		this.listener = listener;
		this.delivery = delivery;
		this.scheduler = scheduler;
		this.errors = errors;
		this.lastRevision = new AtomicLong(options.startRevision() - 1);
		this.backOff = new ExponentialBackOff(100, 2.0);
		this.backOff.setMaxInterval(5000);
	}

	void start() {
		synchronized (this.lock) {
			if (!this.closed) {
				this.current = new Generation(this.lastRevision.get() + 1);
			}
		}
	}

	@Override
	public long lastRevision() {
		return this.lastRevision.get();
	}

	@Override
	public boolean isActive() {
		return !this.closed;
	}

	@Override
	public void close() {
		Generation generation;
		synchronized (this.lock) {
			this.closed = true;
			generation = this.current;
			this.current = null;
		}
		if (generation != null) {
			generation.close();
		}
	}

	private void deliver(List<EtcdWatchEvent> events) {
		long revision = events.get(0).revision();
		if (this.closed || revision <= this.lastRevision.get()) {
			return;
		}
		try {
			this.listener.onEvents(events);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of etcd watch on " + this.options + " failed at revision " + revision, ex);
		}
		this.lastRevision.set(revision);
	}

	/**
	 * Runs on the delivery executor, after every event the ended generation delivered.
	 */
	private void recover(long compactedRevision) {
		if (this.closed) {
			return;
		}
		if (compactedRevision > this.lastRevision.get()) {
			logger.warn("etcd compacted revisions needed by the watch on " + this.options + " (last delivered "
					+ this.lastRevision.get() + ", compacted up to " + compactedRevision + "); resynchronizing");
			try {
				this.lastRevision.set(this.listener.onCompacted(compactedRevision));
			}
			catch (RuntimeException ex) {
				logger.error("Resynchronizing the watch on " + this.options + " failed; retrying", ex);
				scheduleRestart(compactedRevision);
				return;
			}
		}
		scheduleRestart(0);
	}

	private void scheduleRestart(long compactedRevision) {
		long delay;
		synchronized (this.lock) {
			if (this.backOffExecution == null) {
				this.backOffExecution = this.backOff.start();
			}
			delay = this.backOffExecution.nextBackOff();
		}
		try {
			this.scheduler.schedule(() -> {
				if (compactedRevision > 0) {
					this.delivery.execute(() -> recover(compactedRevision));
				}
				else {
					start();
				}
			}, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The client is closing.
		}
	}

	private void resetBackOff() {
		synchronized (this.lock) {
			this.backOffExecution = null;
		}
	}

	static List<List<EtcdWatchEvent>> groupByRevision(List<WatchEvent> events) {
		List<List<EtcdWatchEvent>> groups = new ArrayList<>();
		List<EtcdWatchEvent> group = new ArrayList<>();
		long revision = -1;
		for (WatchEvent event : events) {
			EtcdWatchEvent converted = convert(event);
			if (converted == null) {
				continue;
			}
			if (converted.revision() != revision && !group.isEmpty()) {
				groups.add(List.copyOf(group));
				group.clear();
			}
			revision = converted.revision();
			group.add(converted);
		}
		if (!group.isEmpty()) {
			groups.add(List.copyOf(group));
		}
		return groups;
	}

	private static @Nullable EtcdWatchEvent convert(WatchEvent event) {
		EtcdWatchEvent.Type type = switch (event.getEventType()) {
			case PUT -> EtcdWatchEvent.Type.PUT;
			case DELETE -> EtcdWatchEvent.Type.DELETE;
			default -> null;
		};
		if (type == null) {
			return null;
		}
		KeyValue previous = event.getPrevKV();
		boolean hasPrevious = previous != null && previous.getModRevision() > 0;
		return new EtcdWatchEvent(type, DefaultEtcdClient.toKeyValue(event.getKeyValue()),
				hasPrevious ? DefaultEtcdClient.toKeyValue(previous) : null);
	}

	/**
	 * One jetcd watcher; replaced by a new generation when jetcd gives up on it.
	 */
	private final class Generation implements Watch.Listener {

		private final Watch.Watcher watcher;

		private volatile long compactedRevision;

		private volatile boolean ended;

		Generation(long fromRevision) {
			WatchOption option = WatchOption.builder()
				.withRevision(fromRevision)
				.withPrevKV(true)
				.withRequireLeader(true)
				.isPrefix(SupervisedWatch.this.options.isPrefix())
				.build();
			this.watcher = SupervisedWatch.this.watch.watch(ByteSequence.from(SupervisedWatch.this.options.keyBytes()),
					option, this);
		}

		@Override
		public void onNext(WatchResponse response) {
			if (this.ended) {
				return;
			}
			resetBackOff();
			for (List<EtcdWatchEvent> group : groupByRevision(response.getEvents())) {
				SupervisedWatch.this.delivery.execute(() -> deliver(group));
			}
		}

		@Override
		public void onError(Throwable error) {
			if (this.ended) {
				return;
			}
			if (error instanceof CompactedException compacted) {
				this.compactedRevision = compacted.getCompactedRevision();
			}
			EtcdException translated = SupervisedWatch.this.errors.translate("watch",
					SupervisedWatch.this.options.key(), error);
			if (logger.isDebugEnabled()) {
				logger.debug("etcd watch on " + SupervisedWatch.this.options + " reported an error", translated);
			}
			SupervisedWatch.this.delivery.execute(() -> {
				if (!SupervisedWatch.this.closed) {
					SupervisedWatch.this.listener.onError(translated);
				}
			});
		}

		@Override
		public void onCompleted() {
			synchronized (SupervisedWatch.this.lock) {
				if (this.ended) {
					return;
				}
				this.ended = true;
				if (SupervisedWatch.this.closed || SupervisedWatch.this.current != this) {
					return;
				}
				SupervisedWatch.this.current = null;
			}
			long compacted = this.compactedRevision;
			// Closing may call back into jetcd's watch lock: do it off this (jetcd)
			// thread.
			// jetcd may have ended the stream without closing its watcher; never leave it
			// behind.
			SupervisedWatch.this.delivery.execute(() -> {
				this.watcher.close();
				recover(compacted);
			});
		}

		void close() {
			synchronized (SupervisedWatch.this.lock) {
				this.ended = true;
			}
			this.watcher.close();
		}

	}

}
