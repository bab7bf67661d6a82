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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigDocumentException;
import dev.etcdspring.config.EtcdConfigParser;
import dev.etcdspring.config.EtcdConfigPropertySource;
import dev.etcdspring.config.EtcdConfigState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Applies configuration changes from etcd to the running application, on a thread of its
 * own, one batch at a time.
 * <p>
 * Everything queued since the last batch (watch events of one or more revisions, or a
 * full reload) is applied together: bursts coalesce and a transaction is never split. For
 * a batch it computes the new content of the touched contexts, the property names whose
 * effective value changes, binds and validates the concerned
 * {@code @ConfigurationProperties} beans against the candidate sources, and only then
 * commits: the content of every etcd property source is replaced in one step, an
 * {@link EnvironmentChangeEvent} names exactly the changed names, the concerned beans are
 * rebound and the {@code @RefreshScope} beans that read a changed name re-created (see
 * {@link EtcdConfigRefreshScopeReads}). A batch that does not parse, bind or validate is
 * rejected as a whole; the previous configuration stays in force and the next change is
 * tried against etcd's latest content. Batches seen before the application is ready wait
 * for it (Spring Cloud drops them).
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigApplier implements DisposableBean {

	private static final Log logger = LogFactory.getLog(EtcdConfigApplier.class);

	private final ConfigurableApplicationContext context;

	private final EtcdConfigState state;

	private final EtcdConfigBeans beans;

	private final @Nullable RefreshScope refreshScope;

	private final @Nullable EtcdConfigRefreshScopeReads reads;

	private final EtcdConfigRefreshHistory history;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(daemonThreads("etcd-config-apply-"));

	private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private volatile boolean ready;

	// Touched by the apply thread only: etcd's latest content, which may be ahead of the
	// content in force when a change was rejected.
	private @Nullable Map<String, EtcdConfigContextData> latest;

	private final Set<String> unapplied = new LinkedHashSet<>();

	EtcdConfigApplier(ConfigurableApplicationContext context, EtcdConfigState state, EtcdConfigBeans beans,
			@Nullable RefreshScope refreshScope, @Nullable EtcdConfigRefreshScopeReads reads,
			EtcdConfigRefreshHistory history) {
		this.context = context;
		this.state = state;
		this.beans = beans;
		this.refreshScope = refreshScope;
		this.reads = reads;
		this.history = history;
		history.revision(revisionOf(state.content(), 0));
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		// A batch application that never closes its context must still exit.
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Queue the events of one revision.
	 * @param events the events
	 */
	public void submit(List<EtcdWatchEvent> events) {
		this.history.eventsReceived(events.size());
		enqueue(new Change(List.copyOf(events)));
	}

	/**
	 * Queue the full content of contexts read after a compaction or a late first
	 * connection.
	 * @param content the content by context path
	 */
	public void submitReload(Map<String, EtcdConfigContextData> content) {
		enqueue(new Reload(Map.copyOf(content)));
	}

	private void enqueue(Object item) {
		this.pending.add(item);
		schedule();
	}

	/**
	 * Start applying: the application is ready.
	 */
	public void ready() {
		this.beans.discover();
		this.beans.recreateRefreshScoped();
		this.ready = true;
		schedule();
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
			List<Object> batch = new ArrayList<>();
			Object item;
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

	private void apply(List<Object> batch) {
		long start = System.nanoTime();
		Map<String, EtcdConfigContextData> applied = this.state.content();
		Map<String, EtcdConfigContextData> latest = (this.latest != null) ? this.latest : applied;
		Map<String, EtcdConfigContext> contexts = new LinkedHashMap<>();
		this.state.contexts().forEach((context) -> contexts.put(context.path(), context));
		Map<String, Map<String, String>> touched = new LinkedHashMap<>();
		Map<String, Long> revisions = new LinkedHashMap<>();
		Map<String, Long> read = new LinkedHashMap<>();
		for (Object item : batch) {
			if (item instanceof Reload reload) {
				reload.content().forEach((path, data) -> {
					touched.put(path, new LinkedHashMap<>(data.keyValues()));
					revisions.put(path, data.revision());
					read.put(path, data.revision());
				});
			}
			else if (item instanceof Change change) {
				for (EtcdWatchEvent event : change.events()) {
					for (EtcdConfigContext context : contexts.values()) {
						if (!context.isRelevant(event.key())) {
							continue;
						}
						String path = context.path();
						long known = read.computeIfAbsent(path,
								(p) -> latest.getOrDefault(p, EtcdConfigContextData.UNREAD).revision());
						if (event.revision() <= known) {
							continue; // already part of what was read
						}
						Map<String, String> keyValues = touched.computeIfAbsent(path, (p) -> new LinkedHashMap<>(
								latest.getOrDefault(p, EtcdConfigContextData.UNREAD).keyValues()));
						if (event.type() == EtcdWatchEvent.Type.DELETE) {
							keyValues.remove(event.key());
						}
						else {
							keyValues.put(event.key(), event.value());
						}
						revisions.put(path, event.revision());
					}
				}
			}
		}
		if (touched.isEmpty() && this.unapplied.isEmpty()) {
			return;
		}
		long revision = revisions.values().stream().mapToLong(Long::longValue).max().orElse(0);
		Map<String, EtcdConfigContextData> newLatest = new LinkedHashMap<>(latest);
		Map<String, EtcdConfigContextData> candidate = new LinkedHashMap<>(applied);
		Set<String> keys = new LinkedHashSet<>();
		Set<String> dirty = new LinkedHashSet<>(this.unapplied);
		dirty.addAll(touched.keySet());
		String problem = null;
		for (String path : dirty) {
			EtcdConfigContext context = contexts.get(path);
			if (context == null) {
				continue;
			}
			EtcdConfigContextData previous = newLatest.getOrDefault(path, EtcdConfigContextData.UNREAD);
			Map<String, String> keyValues = touched.getOrDefault(path, previous.keyValues());
			long contextRevision = revisions.getOrDefault(path, previous.revision());
			try {
				Map<String, Object> properties = EtcdConfigParser.parse(context, keyValues);
				EtcdConfigContextData data = new EtcdConfigContextData(keyValues, properties, contextRevision);
				newLatest.put(path, data);
				candidate.put(path, data);
				changedNames(applied.getOrDefault(path, EtcdConfigContextData.UNREAD).properties(), properties, keys);
			}
			catch (EtcdConfigDocumentException ex) {
				newLatest.put(path, new EtcdConfigContextData(keyValues, previous.properties(), contextRevision));
				problem = ex.getMessage();
			}
		}
		this.latest = newLatest;
		if (problem != null) {
			this.unapplied.addAll(dirty);
			reject(start, revision, keys, problem);
			return;
		}
		MutablePropertySources candidateSources = candidateSources(contexts, candidate, dirty);
		Set<String> changed = effectiveChanges(keys, candidateSources);
		List<EtcdConfigBeans.Target> concerned = this.beans.concernedBy(changed);
		problem = this.beans.check(concerned, candidateSources);
		if (problem != null) {
			this.unapplied.addAll(dirty);
			reject(start, revision, changed, problem);
			return;
		}
		this.unapplied.clear();
		this.state.replace(candidate);
		// Not the highest revision ever seen: after etcd was restored or replaced, the
		// reloaded content is at the new cluster's (lower) revisions.
		this.history.revision(revisionOf(candidate, revision));
		if (changed.isEmpty()) {
			return;
		}
		// The event's source is not the application context, so Spring Cloud's
		// ConfigurationPropertiesRebinder, which would rebind every bean, ignores it;
		// the beans concerned are rebound below, one by one.
		this.context.publishEvent(new EnvironmentChangeEvent(this, changed));
		Set<String> rebound = this.beans.rebind(concerned);
		List<EtcdConfigBeans.Target> late = this.beans.newlyConcernedBy(changed);
		if (!late.isEmpty()) {
			rebound.addAll(this.beans.rebind(late));
		}
		int recreated = recreateRefreshScoped(changed, concerned, late);
		EtcdConfigRefreshHistory.Refresh refresh = new EtcdConfigRefreshHistory.Refresh(Instant.now(), revision,
				changed, EtcdConfigRefreshHistory.Outcome.APPLIED, null, Duration.ofNanos(System.nanoTime() - start));
		this.history.record(refresh);
		// One line per refresh: which names changed, the first of them and their count
		// (never their values, which may be secret).
		logger.info("Applied configuration from etcd revision " + revision + " (" + rebound.size()
				+ " @ConfigurationProperties bean(s) rebound, " + recreated + " @RefreshScope bean(s) re-created): "
				+ refresh.describeKeys());
	}

	/**
	 * Re-create the {@code @RefreshScope} beans the change concerns (all of them with
	 * {@code etcd.config.watch.refresh-scope=all}), on this thread, before the next
	 * change is committed.
	 * @param changed the changed property names
	 * @param concerned the {@code @ConfigurationProperties} beans the change concerns
	 * @param late those of them created while the change was applied
	 * @return the number of beans re-created
	 */
	private int recreateRefreshScoped(Set<String> changed, List<EtcdConfigBeans.Target> concerned,
			List<EtcdConfigBeans.Target> late) {
		if (this.refreshScope == null) {
			return 0;
		}
		if (this.reads == null) {
			this.refreshScope.refreshAll();
			this.beans.recreateRefreshScoped();
			return this.beans.refreshScoped().size();
		}
		Set<String> properties = new LinkedHashSet<>();
		concerned.forEach((target) -> properties.add(target.name()));
		late.forEach((target) -> properties.add(target.name()));
		List<String> names = this.reads.concerned(this.beans.refreshScoped(), changed, properties);
		int recreated = 0;
		for (String name : names) {
			// destroys the instance and publishes RefreshScopeRefreshedEvent(name), as
			// Spring Cloud's refresh of one bean does; false when there was none
			if (this.refreshScope.refresh(name)) {
				recreated++;
			}
		}
		this.beans.recreateRefreshScoped(names);
		return recreated;
	}

	private static long revisionOf(Map<String, EtcdConfigContextData> content, long fallback) {
		return content.values().stream().mapToLong(EtcdConfigContextData::revision).max().orElse(fallback);
	}

	private void reject(long start, long revision, Set<String> keys, String problem) {
		EtcdConfigRefreshHistory.Refresh refresh = new EtcdConfigRefreshHistory.Refresh(Instant.now(), revision, keys,
				EtcdConfigRefreshHistory.Outcome.REJECTED, problem, Duration.ofNanos(System.nanoTime() - start));
		logger.warn("Configuration change from etcd (revision " + revision + ", keys " + refresh.describeKeys()
				+ ") rejected; the previous configuration stays in force: " + problem);
		this.history.record(refresh);
	}

	private static void changedNames(Map<String, Object> before, Map<String, Object> after, Set<String> names) {
		after.forEach((name, value) -> {
			if (!Objects.equals(before.get(name), value)) {
				names.add(name);
			}
		});
		before.keySet().forEach((name) -> {
			if (!after.containsKey(name)) {
				names.add(name);
			}
		});
	}

	private MutablePropertySources candidateSources(Map<String, EtcdConfigContext> contexts,
			Map<String, EtcdConfigContextData> candidate, Set<String> dirty) {
		MutablePropertySources sources = new MutablePropertySources();
		for (PropertySource<?> source : this.context.getEnvironment().getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					|| EtcdConfigRefreshScopeReads.PROPERTY_SOURCE_NAME.equals(source.getName())) {
				continue;
			}
			if (source instanceof EtcdConfigPropertySource etcd && dirty.contains(etcd.getSource().path())) {
				EtcdConfigContext context = contexts.get(etcd.getSource().path());
				Map<String, Object> properties = candidate.get(context.path()).properties();
				sources.addLast(new EtcdConfigPropertySource(context, () -> properties));
			}
			else {
				sources.addLast(source);
			}
		}
		return sources;
	}

	private Set<String> effectiveChanges(Set<String> names, MutablePropertySources candidateSources) {
		ConfigurableEnvironment environment = this.context.getEnvironment();
		PropertySourcesPropertyResolver candidate = new PropertySourcesPropertyResolver(candidateSources);
		Set<String> changed = new LinkedHashSet<>();
		for (String name : names) {
			if (!Objects.equals(value(environment::getProperty, name), value(candidate::getProperty, name))) {
				changed.add(name);
			}
		}
		return changed;
	}

	private static @Nullable Object value(java.util.function.Function<String, @Nullable String> resolver, String name) {
		try {
			return resolver.apply(name);
		}
		catch (RuntimeException ex) {
			return ex; // unresolvable placeholder: never equal, so treated as changed
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
		this.beans.close();
	}

	private record Change(List<EtcdWatchEvent> events) {

	}

	private record Reload(Map<String, EtcdConfigContextData> content) {

	}

}
