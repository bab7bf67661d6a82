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

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Where the client runs its background work against etcd, and the one retry policy for
 * it: one scheduler thread ({@code etcd-scheduler-1}) that only times retries, a bounded
 * pool of callback threads ({@code etcd-callback-N}) that runs listeners and retried
 * attempts, and the {@link EtcdRetryPolicy}. Every watch, keep-alive and retried task
 * registers here, so the client can report them all. Threads are daemons and stop when
 * the client is closed.
 *
 * @author etcd-spring-boot-starter authors
 */
final class Supervision {

	interface Part {

		EtcdSupervisedStatus status();

	}

	private final EtcdRetryPolicy retryPolicy;

	private final int maxPendingEvents;

	private final long maxPendingBytes;

	private final Clock clock;

	private final ThreadPoolExecutor callbacks;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Set<Part> parts = ConcurrentHashMap.newKeySet();

	Supervision(EtcdProperties.Retry retry, EtcdProperties.Delivery delivery, Clock clock) {
		this.retryPolicy = new EtcdRetryPolicy(retry);
		this.maxPendingEvents = delivery.getMaxPendingEvents();
		this.maxPendingBytes = delivery.getMaxPendingSize().toBytes();
		this.clock = clock;
		CustomizableThreadFactory callbackThreads = new CustomizableThreadFactory("etcd-callback-");
		callbackThreads.setDaemon(true);
		int threads = Math.max(1, delivery.getThreads());
		this.callbacks = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				callbackThreads);
		this.callbacks.allowCoreThreadTimeOut(true);
		CustomizableThreadFactory schedulerThreads = new CustomizableThreadFactory("etcd-scheduler-");
		schedulerThreads.setDaemon(true);
		this.scheduler = new ScheduledThreadPoolExecutor(1, schedulerThreads);
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	Executor callbacks() {
		return this.callbacks;
	}

	/**
	 * Return a new executor that runs its tasks one at a time, in order, on the given
	 * executor, or on the callback pool when it is {@code null}.
	 */
	SerialExecutor serialExecutor(@Nullable Executor executor) {
		return new SerialExecutor((executor != null) ? executor : this.callbacks);
	}

	Clock clock() {
		return this.clock;
	}

	int maxPendingEvents() {
		return this.maxPendingEvents;
	}

	long maxPendingBytes() {
		return this.maxPendingBytes;
	}

	EtcdRetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	/**
	 * Start a new back-off for consecutive failures of one part.
	 */
	BackOffExecution backOff() {
		return this.retryPolicy.start();
	}

	/**
	 * Return the wait before retrying something etcd refused.
	 */
	Duration deniedInterval() {
		return this.retryPolicy.deniedInterval();
	}

	/**
	 * Run a task on the callback pool after a delay.
	 * @return whether it was scheduled (not when the client is closing)
	 */
	boolean schedule(Runnable task, Duration delay) {
		try {
			this.scheduler.schedule(() -> execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Run a task on the callback pool now.
	 */
	void execute(Runnable task) {
		try {
			this.callbacks.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// The client is closing.
		}
	}

	void register(Part part) {
		this.parts.add(part);
	}

	void unregister(Part part) {
		this.parts.remove(part);
	}

	List<EtcdSupervisedStatus> statuses() {
		return this.parts.stream().map(Part::status).sorted(Comparator.comparing(EtcdSupervisedStatus::name)).toList();
	}

	void shutdown(Duration grace) {
		this.scheduler.shutdownNow();
		this.callbacks.shutdown();
		try {
			if (!this.callbacks.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.callbacks.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.callbacks.shutdownNow();
		}
	}

}
