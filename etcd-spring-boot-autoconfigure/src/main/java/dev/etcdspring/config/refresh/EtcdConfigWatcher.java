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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigReader;
import dev.etcdspring.config.EtcdConfigState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Watches every loaded context with one watch over their common prefix, from the revision
 * the load saw plus one, so no change between load and watch is missed and the changes of
 * one transaction arrive together even when they span contexts. After a compaction it
 * re-reads every context and hands the full content to the {@link EtcdConfigApplier},
 * which applies the difference. When etcd was unreachable at startup (optional import) it
 * keeps trying to read the contexts in the background and starts the watch once it can.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigWatcher implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(EtcdConfigWatcher.class);

	private final EtcdClient client;

	private final EtcdConfigState state;

	private final EtcdConfigApplier applier;

	private final Duration retryInterval;

	private @Nullable ScheduledExecutorService scheduler;

	private volatile @Nullable EtcdWatchSubscription subscription;

	private volatile boolean running;

	/**
	 * Create a new watcher.
	 * @param client the client
	 * @param state the loaded configuration
	 * @param applier applies what the watch sees
	 * @param retryInterval wait between attempts to reach etcd after an optional start
	 */
	public EtcdConfigWatcher(EtcdClient client, EtcdConfigState state, EtcdConfigApplier applier,
			Duration retryInterval) {
		this.client = client;
		this.state = state;
		this.applier = applier;
		this.retryInterval = retryInterval;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		List<EtcdConfigContext> contexts = this.state.contexts();
		if (contexts.isEmpty()) {
			return;
		}
		boolean allRead = contexts.stream().allMatch((c) -> this.state.content(c.path()).isRead());
		if (allRead) {
			watch(contexts, this.state.content());
		}
		else {
			this.scheduler = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("etcd-config-"));
			this.scheduler.schedule(() -> connectLate(contexts), 0, TimeUnit.MILLISECONDS);
		}
	}

	private void connectLate(List<EtcdConfigContext> contexts) {
		if (!this.running) {
			return;
		}
		try {
			Map<String, EtcdConfigContextData> content = readAll(contexts);
			this.applier.submitReload(content);
			synchronized (this) {
				if (this.running) {
					watch(contexts, content);
				}
			}
			logger.info("etcd at " + this.client.endpoints() + " is reachable; its configuration is applied");
		}
		catch (EtcdException ex) {
			logger.debug("etcd still unreachable: " + ex.getMessage());
			ScheduledExecutorService scheduler = this.scheduler;
			if (scheduler != null && this.running) {
				scheduler.schedule(() -> connectLate(contexts), this.retryInterval.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	private Map<String, EtcdConfigContextData> readAll(List<EtcdConfigContext> contexts) {
		Map<String, EtcdConfigContextData> content = new LinkedHashMap<>();
		for (EtcdConfigContext context : contexts) {
			content.put(context.path(), EtcdConfigReader.read(this.client, context));
		}
		return content;
	}

	private void watch(List<EtcdConfigContext> contexts, Map<String, EtcdConfigContextData> content) {
		long from = contexts.stream()
			.mapToLong((c) -> content.getOrDefault(c.path(), EtcdConfigContextData.UNREAD).revision())
			.min()
			.orElse(0) + 1;
		String prefix = commonPrefix(contexts);
		this.subscription = this.client.watch(EtcdWatchOptions.prefix(prefix).fromRevision(from),
				new Listener(contexts));
		logger.debug("Watching etcd configuration under '" + prefix + "' from revision " + from);
	}

	static String commonPrefix(List<EtcdConfigContext> contexts) {
		String prefix = contexts.get(0).keyPrefix();
		for (EtcdConfigContext context : contexts) {
			String other = context.keyPrefix();
			int i = 0;
			while (i < prefix.length() && i < other.length() && prefix.charAt(i) == other.charAt(i)) {
				i++;
			}
			prefix = prefix.substring(0, i);
		}
		return prefix;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.applier.ready();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		EtcdWatchSubscription subscription = this.subscription;
		if (subscription != null) {
			subscription.close();
			this.subscription = null;
		}
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the revision of the last event the watch delivered.
	 * @return the revision, or {@code 0} when not watching
	 */
	public long lastRevision() {
		EtcdWatchSubscription subscription = this.subscription;
		return (subscription != null) ? subscription.lastRevision() : 0;
	}

	private final class Listener implements EtcdWatchListener {

		private final List<EtcdConfigContext> contexts;

		Listener(List<EtcdConfigContext> contexts) {
			this.contexts = contexts;
		}

		@Override
		public void onEvent(EtcdWatchEvent event) {
			onEvents(List.of(event));
		}

		@Override
		public void onEvents(List<EtcdWatchEvent> events) {
			List<EtcdWatchEvent> relevant = events.stream()
				.filter((event) -> this.contexts.stream().anyMatch((c) -> c.isRelevant(event.key())))
				.toList();
			if (!relevant.isEmpty()) {
				EtcdConfigWatcher.this.applier.submit(relevant);
			}
		}

		@Override
		public long onCompacted(long compactedRevision) {
			logger.warn("etcd compacted past revision " + compactedRevision
					+ " before the configuration watch caught up; reloading every context");
			Map<String, EtcdConfigContextData> content = readAll(this.contexts);
			EtcdConfigWatcher.this.applier.submitReload(content);
			return content.values().stream().mapToLong(EtcdConfigContextData::revision).min().orElse(0);
		}

		@Override
		public void onError(EtcdException error) {
			logger.debug("Configuration watch interrupted; it resumes by itself: " + error.getMessage());
		}

	}

}
