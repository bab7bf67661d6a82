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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Applies configuration changes from etcd to the running application, on a thread of its
 * own, one batch at a time. The configuration watches deliver their events on that thread
 * too ({@link #executor()}), so an event reaches the application in one hand-off from
 * gRPC's threads and does not wait behind the listeners of other watches.
 * <p>
 * Everything queued since the last batch (watch events of one or more revisions, or a
 * full reload) is applied together: bursts coalesce and a transaction is never split.
 * Batches seen before the application is ready wait for it (Spring Cloud drops them). A
 * batch goes through these steps, each a class of its own:
 * <ol>
 * <li><b>Merge</b> the queued events into what changed in each context
 * ({@link EtcdConfigEventMerger}).</li>
 * <li><b>Parse</b> the changed keys into the next content of those contexts, and the
 * property names they change ({@link EtcdConfigLatestContent}); only the changed keys are
 * parsed.</li>
 * <li><b>Build the candidate property sources</b>: the environment's, with the next
 * content in place of the etcd ones ({@link EtcdConfigCandidateSources}).</li>
 * <li><b>Find what changed</b>: the names whose effective value differs between the
 * environment and the candidate sources ({@link EtcdConfigChangedNames}).</li>
 * <li><b>Check the concerned beans</b>: bind and validate a fresh instance of each
 * {@code @ConfigurationProperties} bean whose prefix covers a changed name
 * ({@link EtcdConfigBeans}) against the candidate sources, as Boot binds it
 * ({@link EtcdConfigCandidateCheck}).</li>
 * <li><b>Commit</b>: replace the content of every etcd property source in one step
 * ({@link EtcdConfigCommit}).</li>
 * <li><b>Rebind, announce and re-create</b>: rebind the concerned beans
 * ({@link EtcdConfigRebinding}), publish an {@link EnvironmentChangeEvent} naming exactly
 * the changed names ({@link EtcdConfigCommit}; its listeners see the rebound beans), and
 * re-create the {@code @RefreshScope} beans that read a changed name
 * ({@link EtcdConfigRefreshScopedBeans}, {@link EtcdConfigRefreshScopeReads}).</li>
 * </ol>
 * A batch that does not parse (step 2), bind or validate (step 5) is rejected as a whole;
 * the previous configuration stays in force and the next change is tried against etcd's
 * latest content. Each batch is recorded in the {@link EtcdConfigRefreshHistory}; at
 * TRACE level the time of each step is logged.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigApplier implements DisposableBean {

	private static final Log logger = LogFactory.getLog(EtcdConfigApplier.class);

	private final ConfigurableApplicationContext context;

	private final EtcdConfigState state;

	private final EtcdConfigRefreshHistory history;

	private final EtcdConfigBeans beans;

	private final EtcdConfigLatestContent latest;

	private final EtcdConfigCandidateSources candidateSources;

	private final EtcdConfigCandidateCheck check;

	private final EtcdConfigCommit commit;

	private final EtcdConfigRebinding rebinding;

	private final EtcdConfigRefreshScopedBeans refreshScoped;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(daemonThreads("etcd-config-apply-"));

	private final ConcurrentLinkedQueue<EtcdConfigEventMerger.Item> pending = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private volatile boolean ready;

	EtcdConfigApplier(ConfigurableApplicationContext context, EtcdConfigState state, EtcdConfigBeans beans,
			@Nullable RefreshScope refreshScope, @Nullable EtcdConfigRefreshScopeReads reads,
			EtcdConfigRefreshHistory history) {
		this.context = context;
		this.state = state;
		this.history = history;
		this.beans = beans;
		this.latest = new EtcdConfigLatestContent(state);
		this.candidateSources = new EtcdConfigCandidateSources(context.getEnvironment(), state);
		this.check = new EtcdConfigCandidateCheck(context, beans);
		this.commit = new EtcdConfigCommit(state, history, context, this);
		this.rebinding = new EtcdConfigRebinding(context, beans, beans.rebinder());
		this.refreshScoped = new EtcdConfigRefreshScopedBeans(context, refreshScope, reads);
		history.revision(EtcdConfigCommit.revisionOf(state.content(), 0));
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		// A batch application that never closes its context must still exit.
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Return the executor of the thread that applies the changes, for the configuration
	 * watches to deliver their events on. Tasks it runs are applied in order with the
	 * batches.
	 * @return the executor
	 */
	Executor executor() {
		return this.executor;
	}

	/**
	 * Queue the events of one revision.
	 * @param events the events
	 */
	public void submit(List<EtcdWatchEvent> events) {
		this.history.eventsReceived(events.size());
		enqueue(new EtcdConfigEventMerger.Events(List.copyOf(events)));
	}

	/**
	 * Queue the full content of contexts read after a compaction or a late first
	 * connection.
	 * @param content the content by context path
	 */
	public void submitReload(Map<String, EtcdConfigContextData> content) {
		enqueue(new EtcdConfigEventMerger.Reload(Map.copyOf(content)));
	}

	private void enqueue(EtcdConfigEventMerger.Item item) {
		this.pending.add(item);
		schedule();
	}

	/**
	 * Start applying: the application is ready.
	 */
	public void ready() {
		this.beans.discover();
		this.refreshScoped.discover();
		try {
			// before the first batch, so that it costs no more than the next ones
			this.executor.execute(this::prepare);
		}
		catch (RejectedExecutionException ex) {
			// shutting down
		}
		this.ready = true;
		schedule();
	}

	private void prepare() {
		try {
			this.latest.prepare();
		}
		catch (RuntimeException ex) {
			logger.warn("Preparing the etcd configuration for changes failed; the first change does it", ex);
		}
	}

	private void schedule() {
		if (this.ready && !this.pending.isEmpty() && this.scheduled.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::drain);
			}
			catch (RuntimeException ex) {
				this.scheduled.set(false);
			}
		}
	}

	private void drain() {
		this.scheduled.set(false);
		try {
			List<EtcdConfigEventMerger.Item> batch = new ArrayList<>();
			EtcdConfigEventMerger.Item item;
			while ((item = this.pending.poll()) != null) {
				batch.add(item);
			}
			if (!batch.isEmpty()) {
				apply(batch);
			}
		}
		catch (Throwable ex) {
			// Errors too: the thread must go on applying later changes.
			logger.error("Applying configuration changes from etcd failed", ex);
		}
		finally {
			schedule();
		}
	}

	private void apply(List<EtcdConfigEventMerger.Item> batch) {
		Steps steps = new Steps();
		Map<String, EtcdConfigEventMerger.ContextChange> changes = EtcdConfigEventMerger.merge(batch,
				this.state.contexts(), this.latest::revision);
		if (changes.isEmpty() && !this.latest.hasUnapplied()) {
			return;
		}
		steps.done("merge");
		EtcdConfigLatestContent.Next next = this.latest.next(changes);
		steps.done("parse");
		if (next.problem() != null) {
			this.latest.rejected(next);
			reject(steps, next.revision(), next.names(), next.problem());
			return;
		}
		MutablePropertySources candidate = this.candidateSources.build(next.content());
		steps.done("candidate sources");
		Set<String> changed = EtcdConfigChangedNames.effective(this.context.getEnvironment(), candidate, next.names());
		steps.done("changed names");
		List<EtcdConfigBeans.Target> concerned = this.beans.concernedBy(changed);
		String problem = this.check.check(concerned, candidate);
		steps.done("check");
		if (problem != null) {
			this.latest.rejected(next);
			reject(steps, next.revision(), changed, problem);
			return;
		}
		this.latest.committed();
		this.commit.commit(next.content(), next.revision());
		if (changed.isEmpty()) {
			return;
		}
		steps.done("commit");
		Set<String> rebound = this.rebinding.rebind(concerned);
		// created while the change was applied: may have bound what was there before
		List<EtcdConfigBeans.Target> late = this.beans.newlyConcernedBy(changed);
		rebound.addAll(this.rebinding.rebind(late));
		steps.done("rebind");
		// After the rebinding: the event's listeners see the new values in those beans.
		this.commit.announce(changed);
		steps.done("announce");
		Set<String> concernedNames = new LinkedHashSet<>();
		concerned.forEach((target) -> concernedNames.add(target.name()));
		late.forEach((target) -> concernedNames.add(target.name()));
		int recreated = this.refreshScoped.recreate(changed, concernedNames);
		steps.done("re-create");
		EtcdConfigRefreshHistory.Refresh refresh = new EtcdConfigRefreshHistory.Refresh(Instant.now(), next.revision(),
				changed, EtcdConfigRefreshHistory.Outcome.APPLIED, null, steps.total());
		this.history.record(refresh);
		// One line per refresh: which names changed, the first of them and their count
		// (never their values, which may be secret).
		logger.info("Applied configuration from etcd revision " + next.revision() + " (" + rebound.size()
				+ " @ConfigurationProperties bean(s) rebound, " + recreated + " @RefreshScope bean(s) re-created): "
				+ refresh.describeKeys());
		steps.trace(next.revision());
	}

	private void reject(Steps steps, long revision, Set<String> keys, String problem) {
		EtcdConfigRefreshHistory.Refresh refresh = new EtcdConfigRefreshHistory.Refresh(Instant.now(), revision, keys,
				EtcdConfigRefreshHistory.Outcome.REJECTED, problem, steps.total());
		logger.warn("Configuration change from etcd (revision " + revision + ", keys " + refresh.describeKeys()
				+ ") rejected; the previous configuration stays in force: " + problem);
		this.history.record(refresh);
		steps.trace(revision);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
		this.check.close();
	}

	/**
	 * The time each step of a batch took, logged at TRACE level.
	 */
	private static final class Steps {

		private final long start = System.nanoTime();

		private long last = this.start;

		private final StringBuilder times = new StringBuilder();

		void done(String step) {
			long now = System.nanoTime();
			if (logger.isTraceEnabled()) {
				this.times.append((this.times.length() > 0) ? ", " : "")
					.append(step)
					.append(' ')
					.append((now - this.last) / 1000)
					.append(" µs");
			}
			this.last = now;
		}

		Duration total() {
			return Duration.ofNanos(System.nanoTime() - this.start);
		}

		void trace(long revision) {
			if (logger.isTraceEnabled()) {
				logger.trace("Revision " + revision + " took " + total().toNanos() / 1000 + " µs: " + this.times);
			}
		}

	}

}
