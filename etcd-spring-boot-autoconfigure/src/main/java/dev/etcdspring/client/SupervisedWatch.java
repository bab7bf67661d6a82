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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
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

/**
 * A watch that keeps going, and says how it is doing.
 * <p>
 * jetcd resumes a watch by itself after ordinary stream errors, but gives up (completes
 * the watcher) on compaction, leader loss and halt errors, or when the server ends the
 * stream. Each time that happens this class creates a new jetcd watcher from the revision
 * after the last one delivered, after consulting the listener when revisions were
 * compacted away. Two more cases jetcd does not handle at all:
 * <ul>
 * <li>etcd refuses the watch for lack of permission: jetcd would re-authenticate and
 * re-watch every half second forever. The watcher is closed at once, the state is
 * {@link EtcdSupervisedState#DENIED} and it is retried at
 * {@code etcd.retry.denied-interval}.
 * <li>etcd was restored or replaced and its revisions went back: a watch resumed at the
 * old revision would see nothing until the new cluster passes it. Every (re)created
 * stream's header is compared with what was seen; a lower revision asks the listener to
 * resynchronize ({@link EtcdWatchListener#onReset(long)}).
 * </ul>
 * Events are grouped by revision and delivered in order on a serial executor, skipping
 * revisions already delivered, so a re-created stream never repeats or reorders events.
 * What waits for a slow listener is bounded by {@code etcd.delivery.max-pending-*}: past
 * it the stream is ended (what it still sends is dropped) and re-created from the
 * revision after the last one held once the listener has caught up, so memory stays
 * bounded and nothing is lost.
 *
 * @author etcd-spring-boot-starter authors
 */
final class SupervisedWatch implements EtcdWatchSubscription, Supervision.Part {

	private static final Log logger = LogFactory.getLog(SupervisedWatch.class);

	private final Watch watch;

	private final EtcdWatchOptions options;

	private final EtcdWatchListener listener;

	private final Supervision supervision;

	private final Executor delivery;

	private final EtcdErrors errors;

	private final SupervisionState state;

	/** Only written on the delivery executor. */
	private final AtomicLong lastRevision;

	/** The highest revision any stream reported, delivered or not. */
	private final AtomicLong highestSeen;

	private final Object lock = new Object();

	private final ArrayDeque<List<EtcdWatchEvent>> queue = new ArrayDeque<>();

	private final AtomicBoolean draining = new AtomicBoolean();

	private long queuedEvents;

	private long queuedBytes;

	/** The revision of the last group queued for delivery; guarded by the lock. */
	private long lastQueued;

	private @Nullable Generation current;

	private @Nullable BackOffExecution backOffExecution;

	private volatile boolean closed;

	SupervisedWatch(Watch watch, EtcdWatchOptions options, EtcdWatchListener listener, Supervision supervision,
			EtcdErrors errors) {
		this.watch = watch;
		this.options = options;
		this.listener = listener;
		this.supervision = supervision;
		this.delivery = supervision.serialExecutor(options.executor());
		this.errors = errors;
		this.state = new SupervisionState(options.description(), logger, supervision.clock());
		this.lastRevision = new AtomicLong(options.startRevision() - 1);
		this.highestSeen = new AtomicLong(options.startRevision() - 1);
		this.lastQueued = options.startRevision() - 1;
	}

	void start() {
		synchronized (this.lock) {
			if (!this.closed) {
				this.supervision.register(this);
				this.state.starting();
				// Events still queued are delivered: resume after them.
				this.current = new Generation(Math.max(this.lastRevision.get(), this.lastQueued) + 1);
			}
		}
	}

	@Override
	public long lastRevision() {
		return this.lastRevision.get();
	}

	@Override
	public boolean isActive() {
		return this.state.state() == EtcdSupervisedState.ACTIVE;
	}

	@Override
	public EtcdSupervisedStatus status() {
		return this.state.status(this.lastRevision.get());
	}

	@Override
	public void close() {
		Generation generation;
		synchronized (this.lock) {
			this.closed = true;
			generation = this.current;
			this.current = null;
			clearQueue();
		}
		this.state.closed();
		this.supervision.unregister(this);
		if (generation != null) {
			generation.close();
		}
	}

	@Override
	public String toString() {
		return this.options.description();
	}

	private void enqueue(Generation generation, List<List<EtcdWatchEvent>> groups) {
		synchronized (this.lock) {
			if (this.closed || generation.ended) {
				return;
			}
			for (List<EtcdWatchEvent> group : groups) {
				long bytes = 0;
				for (EtcdWatchEvent event : group) {
					bytes += size(event);
				}
				// One revision is always taken when nothing waits, so a revision larger
				// than the bounds still gets through.
				if (!this.queue.isEmpty() && (this.queuedEvents + group.size() > this.supervision.maxPendingEvents()
						|| this.queuedBytes + bytes > this.supervision.maxPendingBytes())) {
					overflow(generation);
					break;
				}
				this.queue.add(group);
				this.queuedEvents += group.size();
				this.queuedBytes += bytes;
				this.lastQueued = group.get(0).revision();
			}
		}
		if (this.draining.compareAndSet(false, true)) {
			this.delivery.execute(this::drain);
		}
	}

	/**
	 * The listener is too far behind: stop taking events from this stream and, once the
	 * listener has caught up with what is held, resume from the revision after it.
	 */
	private void overflow(Generation generation) {
		generation.ended = true;
		this.current = null;
		this.state.overflowed("the listener is " + this.queuedEvents + " events behind (etcd.delivery.max-pending-"
				+ "events / max-pending-size); the stream is paused and resumes from revision " + (this.lastQueued + 1)
				+ " once the listener has caught up");
		this.delivery.execute(() -> {
			generation.watcher.close();
			restart();
		});
	}

	private void clearQueue() {
		this.queue.clear();
		this.queuedEvents = 0;
		this.queuedBytes = 0;
	}

	private static long size(EtcdWatchEvent event) {
		EtcdKeyValue previous = event.previous();
		return event.keyValue().size() + ((previous != null) ? previous.size() : 0);
	}

	/**
	 * Runs on the delivery executor: delivers what is queued.
	 */
	private void drain() {
		while (true) {
			List<EtcdWatchEvent> group;
			synchronized (this.lock) {
				group = this.queue.poll();
				if (group == null) {
					this.draining.set(false);
					if (this.queue.isEmpty() || !this.draining.compareAndSet(false, true)) {
						return;
					}
					continue;
				}
				this.queuedEvents -= group.size();
				for (EtcdWatchEvent event : group) {
					this.queuedBytes -= size(event);
				}
			}
			deliver(group);
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
		catch (Throwable ex) {
			logger.error("Listener of " + this.options.description() + " failed at revision " + revision, ex);
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
			logger.warn("etcd compacted revisions needed by the " + this.options.description() + " (last delivered "
					+ this.lastRevision.get() + ", compacted up to " + compactedRevision + "); resynchronizing");
			try {
				long revision = this.listener.onCompacted(compactedRevision);
				synchronized (this.lock) {
					this.lastQueued = Math.max(this.lastQueued, revision);
					this.lastRevision.set(revision);
				}
			}
			catch (Throwable ex) {
				this.state.failed(ex, null);
				scheduleRecovery(() -> recover(compactedRevision), nextBackOff());
				return;
			}
		}
		scheduleRecovery(this::restart, nextBackOff());
	}

	/**
	 * Runs on the delivery executor: etcd's revisions went back.
	 */
	private void reset(long currentRevision, String reason) {
		if (this.closed) {
			return;
		}
		logger.warn("etcd " + reason + " for the " + this.options.description() + " (last delivered revision "
				+ this.lastRevision.get() + ", etcd now at " + currentRevision
				+ "): etcd was restored or replaced; resynchronizing");
		try {
			long revision = this.listener.onReset(currentRevision);
			synchronized (this.lock) {
				clearQueue();
				this.lastQueued = revision;
				this.lastRevision.set(revision);
				this.highestSeen.set(revision);
			}
		}
		catch (Throwable ex) {
			this.state.failed(ex, null);
			scheduleRecovery(() -> reset(currentRevision, reason), nextBackOff());
			return;
		}
		restart();
	}

	private void restart() {
		synchronized (this.lock) {
			if (this.closed || this.current != null) {
				return;
			}
		}
		start();
	}

	private Duration nextBackOff() {
		synchronized (this.lock) {
			if (this.backOffExecution == null) {
				this.backOffExecution = this.supervision.backOff();
			}
			return Duration.ofMillis(this.backOffExecution.nextBackOff());
		}
	}

	private void scheduleRecovery(Runnable task, Duration delay) {
		this.supervision.schedule(() -> this.delivery.execute(task), delay);
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

	private static boolean isFutureRevision(Throwable error) {
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			String message = cause.getMessage();
			if (message != null && message.toLowerCase(Locale.ROOT).contains("future revision")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One jetcd watcher; replaced by a new generation when jetcd gives up on it.
	 */
	private final class Generation implements Watch.Listener {

		private final Watch.Watcher watcher;

		private volatile long compactedRevision;

		/** Guarded by the watch's lock. */
		private boolean ended;

		private long clusterId;

		Generation(long fromRevision) {
			WatchOption option = WatchOption.builder()
				.withRevision(fromRevision)
				.withPrevKV(SupervisedWatch.this.options.hasPreviousValues())
				.withRequireLeader(true)
				.withCreateNotify(true)
				.isPrefix(SupervisedWatch.this.options.isPrefix())
				.build();
			this.watcher = SupervisedWatch.this.watch.watch(ByteSequence.from(SupervisedWatch.this.options.keyBytes()),
					option, this);
		}

		private boolean isEnded() {
			synchronized (SupervisedWatch.this.lock) {
				return this.ended;
			}
		}

		@Override
		public void onNext(WatchResponse response) {
			if (isEnded()) {
				return;
			}
			long headerRevision = response.getHeader().getRevision();
			long clusterId = response.getHeader().getClusterId();
			long seen = Math.max(SupervisedWatch.this.highestSeen.get(), SupervisedWatch.this.lastRevision.get());
			if (headerRevision > 0 && headerRevision < seen) {
				end(() -> reset(headerRevision, "is at revision " + headerRevision + ", below revision " + seen));
				return;
			}
			if (this.clusterId != 0 && clusterId != 0 && clusterId != this.clusterId) {
				long id = this.clusterId;
				end(() -> reset(headerRevision,
						"changed its cluster id from " + Long.toHexString(id) + " to " + Long.toHexString(clusterId)));
				return;
			}
			this.clusterId = clusterId;
			SupervisedWatch.this.highestSeen.accumulateAndGet(headerRevision, Math::max);
			resetBackOff();
			SupervisedWatch.this.state.active();
			List<List<EtcdWatchEvent>> groups = groupByRevision(response.getEvents());
			if (!groups.isEmpty()) {
				enqueue(this, groups);
			}
		}

		@Override
		public void onError(Throwable error) {
			if (isEnded()) {
				return;
			}
			if (error instanceof CompactedException compacted) {
				this.compactedRevision = compacted.getCompactedRevision();
			}
			EtcdException translated = SupervisedWatch.this.errors.translate("watch",
					SupervisedWatch.this.options.key(), error);
			if (translated instanceof EtcdAuthenticationException) {
				// Stop jetcd's own re-authenticate-and-re-watch loop at once.
				Duration delay = SupervisedWatch.this.supervision.deniedInterval();
				SupervisedWatch.this.state.failed(translated, delay);
				end(() -> scheduleRecovery(SupervisedWatch.this::restart, delay));
			}
			else if (isFutureRevision(error)) {
				end(() -> reset(0, "answered that revision " + (SupervisedWatch.this.lastRevision.get() + 1)
						+ " is in the future"));
			}
			else if (!(error instanceof CompactedException)) {
				SupervisedWatch.this.state.failed(translated, null);
			}
			SupervisedWatch.this.delivery.execute(() -> {
				if (!SupervisedWatch.this.closed) {
					SupervisedWatch.this.listener.onError(translated);
				}
			});
		}

		@Override
		public void onCompleted() {
			long compacted = this.compactedRevision;
			end(() -> recover(compacted));
		}

		/**
		 * End this generation (once) and run what follows on the delivery executor, never
		 * on this jetcd thread: closing may call back into jetcd's watch lock.
		 */
		private void end(Runnable then) {
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
			SupervisedWatch.this.delivery.execute(() -> {
				this.watcher.close();
				then.run();
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
