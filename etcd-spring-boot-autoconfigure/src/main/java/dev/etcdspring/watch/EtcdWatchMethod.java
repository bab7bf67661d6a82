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

package dev.etcdspring.watch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.client.EtcdBackgroundTask;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdSupervisedStatus;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link EtcdWatch @EtcdWatch} method of one bean: its watch subscription, the
 * adaptation of events to the method's parameter, and counters of what it was given.
 * Event callbacks of one subscription never overlap, so the method is called one event
 * (or revision) at a time.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdWatchMethod implements EtcdWatchListener {

	private static final Log logger = LogFactory.getLog(EtcdWatchMethod.class);

	private final Object bean;

	private final Method method;

	private final String description;

	private final String key;

	private final boolean prefix;

	private final EtcdWatchParameter parameter;

	private final AtomicLong events = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong compactions = new AtomicLong();

	private final AtomicLong lastRevision = new AtomicLong();

	private final Object lifecycleLock = new Object();

	private @Nullable EtcdWatchSubscription subscription;

	private @Nullable EtcdBackgroundTask starting;

	private boolean stopped;

	EtcdWatchMethod(Object bean, Method method, String key, boolean prefix, EtcdWatchParameter parameter) {
		this.bean = bean;
		this.method = method;
		this.description = ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "." + method.getName();
		this.key = key;
		this.prefix = prefix;
		this.parameter = parameter;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Return the method as {@code SimpleClassName.methodName}.
	 * @return the method's short name
	 */
	public String method() {
		return this.description;
	}

	/**
	 * Return the watched key or prefix, placeholders resolved.
	 * @return the key or prefix
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Return whether every key under {@link #key()} is watched.
	 * @return whether the key is a prefix
	 */
	public boolean isPrefix() {
		return this.prefix;
	}

	/**
	 * Return whether the watch is running.
	 * @return whether the method is subscribed
	 */
	public boolean isActive() {
		EtcdWatchSubscription current = this.subscription;
		return current != null && current.isActive();
	}

	/**
	 * Return the state of the method's watch: starting or retrying its creation, active,
	 * refused, or closed.
	 * @return the status, or {@code null} when the method is not watching
	 */
	public @Nullable EtcdSupervisedStatus status() {
		synchronized (this.lifecycleLock) {
			if (this.subscription != null) {
				return this.subscription.status();
			}
			return (this.starting != null) ? this.starting.status() : null;
		}
	}

	/**
	 * Return the number of events given to the method.
	 * @return the events delivered
	 */
	public long eventsDelivered() {
		return this.events.get();
	}

	/**
	 * Return the number of calls of the method that threw an exception.
	 * @return the failed calls
	 */
	public long failures() {
		return this.failures.get();
	}

	/**
	 * Return how often etcd compacted revisions before they were delivered.
	 * @return the compactions that lost events
	 */
	public long compactions() {
		return this.compactions.get();
	}

	/**
	 * Return the revision of the last change delivered or, before the first, the revision
	 * the watch started after ({@code 0} before it started).
	 * @return the last delivered revision
	 */
	public long lastRevision() {
		return this.lastRevision.get();
	}

	Object bean() {
		return this.bean;
	}

	/**
	 * Start watching; when etcd cannot be reached or refuses, keep trying in the
	 * background (the client's retry policy) until the watch can be created.
	 */
	void start(EtcdClient client) {
		synchronized (this.lifecycleLock) {
			if (this.subscription != null || this.starting != null) {
				return;
			}
			this.stopped = false;
			try {
				subscribe(client);
			}
			catch (EtcdException ex) {
				this.starting = client.retryInBackground("start of the watch for @EtcdWatch " + this.description,
						() -> subscribe(client), ex);
			}
		}
	}

	private void subscribe(EtcdClient client) {
		synchronized (this.lifecycleLock) {
			if (this.stopped) {
				return;
			}
			EtcdWatchOptions options = (this.prefix ? EtcdWatchOptions.prefix(this.key)
					: EtcdWatchOptions.key(this.key))
				.describedAs("@EtcdWatch " + this.description);
			EtcdWatchSubscription started = client.watch(options, this);
			this.subscription = started;
			this.starting = null;
			this.lastRevision.accumulateAndGet(started.lastRevision(), Math::max);
			logger.info("Started watching etcd " + (this.prefix ? "prefix " : "key ") + this.key + " for @EtcdWatch "
					+ this.description + " from revision " + (started.lastRevision() + 1));
		}
	}

	void stop() {
		synchronized (this.lifecycleLock) {
			this.stopped = true;
			EtcdBackgroundTask pending = this.starting;
			this.starting = null;
			if (pending != null) {
				pending.close();
			}
			EtcdWatchSubscription current = this.subscription;
			if (current == null) {
				return;
			}
			this.subscription = null;
			current.close();
			logger.info("Stopped watching etcd " + (this.prefix ? "prefix " : "key ") + this.key + " for @EtcdWatch "
					+ this.description + " at revision " + current.lastRevision() + " after " + this.events.get()
					+ " events");
		}
	}

	@Override
	public void onEvent(EtcdWatchEvent event) {
		onEvents(List.of(event));
	}

	@Override
	public void onEvents(List<EtcdWatchEvent> events) {
		long revision = events.get(0).revision();
		if (this.parameter == EtcdWatchParameter.EVENTS) {
			invoke(events, events.size(), revision);
		}
		else {
			for (EtcdWatchEvent event : events) {
				invoke(this.parameter.argument(event), 1, revision);
			}
		}
		this.lastRevision.set(revision);
	}

	private void invoke(@Nullable Object argument, int eventCount, long revision) {
		this.events.addAndGet(eventCount);
		try {
			this.method.invoke(this.bean, argument);
		}
		catch (InvocationTargetException ex) {
			failed(revision, ex.getTargetException());
		}
		catch (IllegalAccessException | RuntimeException ex) {
			failed(revision, ex);
		}
	}

	private void failed(long revision, Throwable ex) {
		this.failures.incrementAndGet();
		// The value may be secret: name the key and revision only.
		logger.error("@EtcdWatch " + this.description + " failed on the change of " + this.key + " at revision "
				+ revision + "; later changes are still delivered", ex);
	}

	@Override
	public long onCompacted(long compactedRevision) {
		this.compactions.incrementAndGet();
		long resumeAfter = compactedRevision - 1;
		logger.warn("etcd compacted the history of " + this.key + " before @EtcdWatch " + this.description
				+ " saw it: the changes of revisions " + (this.lastRevision.get() + 1) + " to " + resumeAfter
				+ " are lost; resuming at revision " + compactedRevision);
		return resumeAfter;
	}

	@Override
	public void onError(EtcdException error) {
		if (logger.isDebugEnabled()) {
			logger.debug("The etcd watch of @EtcdWatch " + this.description + " failed; it resumes by itself", error);
		}
	}

	@Override
	public String toString() {
		return "@EtcdWatch " + this.description + " on " + (this.prefix ? "prefix " : "key ") + this.key;
	}

}
