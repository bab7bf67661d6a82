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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.etcdspring.client.EtcdBackgroundTask;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdPermissionDeniedException;
import dev.etcdspring.client.EtcdSupervisedStatus;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigDocumentException;
import dev.etcdspring.config.EtcdConfigReader;
import dev.etcdspring.config.EtcdConfigState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Watches every loaded context from the revision the load saw plus one, so no change
 * between load and watch is missed, and hands what it sees to the
 * {@link EtcdConfigApplier}, on the applier's own thread.
 * <p>
 * It watches the contexts' common prefix with one watch, so the changes of one
 * transaction arrive together even when they span contexts. When etcd refuses that watch
 * for permission (a user allowed to read only its own contexts), it falls back to one
 * watch per context and an {@link EtcdConfigRevisionMerger} that still applies a
 * transaction spanning contexts as one step.
 * <p>
 * After a compaction, or when etcd's revisions went back (etcd restored or replaced), it
 * re-reads the contexts and hands their full content to the applier, which applies the
 * difference. When etcd was unreachable at startup (optional import) it keeps trying to
 * read the contexts in the background, with the client's retry policy, and starts
 * watching once it can.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigWatcher implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(EtcdConfigWatcher.class);

	private final EtcdClient client;

	private final EtcdConfigState state;

	private final EtcdConfigApplier applier;

	private final List<EtcdWatchSubscription> subscriptions = new ArrayList<>();

	private @Nullable EtcdBackgroundTask lateConnection;

	private boolean perContext;

	private volatile boolean running;

	/**
	 * Create a new watcher.
	 * @param client the client
	 * @param state the loaded configuration
	 * @param applier applies what the watch sees
	 */
	public EtcdConfigWatcher(EtcdClient client, EtcdConfigState state, EtcdConfigApplier applier) {
		this.client = client;
		this.state = state;
		this.applier = applier;
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
			this.lateConnection = this.client.retryInBackground(
					"read of the etcd configuration (the application started without it)", () -> connectLate(contexts),
					null);
		}
	}

	private void connectLate(List<EtcdConfigContext> contexts) {
		Map<String, EtcdConfigContextData> content = readAll(contexts);
		synchronized (this) {
			if (!this.running) {
				return;
			}
			this.applier.submitReload(content);
			watch(contexts, content);
			this.lateConnection = null;
		}
		logger.info("etcd at " + this.client.endpoints() + " answered; its configuration is applied");
	}

	private Map<String, EtcdConfigContextData> readAll(List<EtcdConfigContext> contexts) {
		Map<String, EtcdConfigContextData> content = new LinkedHashMap<>();
		for (EtcdConfigContext context : contexts) {
			try {
				content.put(context.path(), EtcdConfigReader.read(this.client, context));
			}
			catch (EtcdConfigDocumentException ex) {
				// Its message names the key and line without quoting the document: as an
				// EtcdException the supervision shows it in the log and the endpoint.
				throw new EtcdException(ex.getMessage(), ex);
			}
		}
		return content;
	}

	private synchronized void watch(List<EtcdConfigContext> contexts, Map<String, EtcdConfigContextData> content) {
		long from = contexts.stream()
			.mapToLong((c) -> content.getOrDefault(c.path(), EtcdConfigContextData.UNREAD).revision())
			.min()
			.orElse(0) + 1;
		if (this.perContext || contexts.size() == 1) {
			Map<String, Long> fromRevisions = new LinkedHashMap<>();
			contexts.forEach((context) -> fromRevisions.put(context.path(),
					content.getOrDefault(context.path(), EtcdConfigContextData.UNREAD).revision() + 1));
			watchEachContext(contexts, fromRevisions);
			return;
		}
		String prefix = commonPrefix(contexts);
		CommonPrefixListener listener = new CommonPrefixListener(contexts);
		// The content needs the keys and new values only (a DELETE's key says what went).
		EtcdWatchSubscription subscription = this.client.watch(EtcdWatchOptions.prefix(prefix)
			.withoutPreviousValues()
			.fromRevision(from)
			.describedAs("configuration watch")
			.deliveredOn(this.applier.executor()), listener);
		this.subscriptions.add(subscription);
		listener.attach(subscription);
		logger.debug("Watching etcd configuration under '" + prefix + "' from revision " + from);
	}

	private void watchEachContext(List<EtcdConfigContext> contexts, Map<String, Long> fromRevisions) {
		EtcdConfigRevisionMerger merger = new EtcdConfigRevisionMerger(this.client, this.applier);
		for (EtcdConfigContext context : contexts) {
			long from = fromRevisions.get(context.path());
			ContextListener listener = new ContextListener(context, merger);
			EtcdWatchSubscription subscription = this.client.watch(EtcdWatchOptions.prefix(context.keyPrefix())
				.withoutPreviousValues()
				.fromRevision(from)
				.describedAs("configuration watch of context " + context.path())
				.deliveredOn(this.applier.executor()), listener);
			merger.add(context, subscription);
			this.subscriptions.add(subscription);
		}
	}

	/**
	 * etcd refused the common-prefix watch: watch each context instead, from where the
	 * refused watch would have started.
	 */
	private synchronized void fallBackToEachContext(List<EtcdConfigContext> contexts, EtcdWatchSubscription refused,
			EtcdPermissionDeniedException error) {
		if (!this.running || this.perContext || !this.subscriptions.remove(refused)) {
			return;
		}
		this.perContext = true;
		refused.close();
		logger.warn("etcd refused the configuration watch on the common prefix '" + commonPrefix(contexts)
				+ "' of the contexts (" + error.getMessage() + "); watching each of the " + contexts.size()
				+ " contexts instead");
		// Nothing was delivered: start each watch where the refused one would have.
		long from = refused.lastRevision() + 1;
		Map<String, Long> fromRevisions = new LinkedHashMap<>();
		contexts.forEach((context) -> fromRevisions.put(context.path(), from));
		watchEachContext(contexts, fromRevisions);
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
		this.subscriptions.forEach(EtcdWatchSubscription::close);
		this.subscriptions.clear();
		if (this.lateConnection != null) {
			this.lateConnection.close();
			this.lateConnection = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the revision of the last event the watches delivered.
	 * @return the revision, or {@code 0} when not watching
	 */
	public synchronized long lastRevision() {
		return this.subscriptions.stream().mapToLong(EtcdWatchSubscription::lastRevision).max().orElse(0);
	}

	/**
	 * Return whether etcd refused the common-prefix watch and each context is watched on
	 * its own.
	 * @return whether the contexts are watched one by one
	 */
	public synchronized boolean isWatchingEachContext() {
		return this.perContext;
	}

	/**
	 * Return the state of the configuration watches, or of the background read while etcd
	 * has not answered it.
	 * @return the statuses
	 */
	public synchronized List<EtcdSupervisedStatus> statuses() {
		if (this.lateConnection != null) {
			return List.of(this.lateConnection.status());
		}
		return this.subscriptions.stream().map(EtcdWatchSubscription::status).toList();
	}

	private List<EtcdWatchEvent> relevant(List<EtcdConfigContext> contexts, List<EtcdWatchEvent> events) {
		return events.stream().filter((event) -> contexts.stream().anyMatch((c) -> c.isRelevant(event.key()))).toList();
	}

	private long reload(List<EtcdConfigContext> contexts, String reason) {
		logger.warn("Reloading the etcd configuration " + reason);
		Map<String, EtcdConfigContextData> content = readAll(contexts);
		this.applier.submitReload(content);
		return content.values().stream().mapToLong(EtcdConfigContextData::revision).min().orElse(0);
	}

	private final class CommonPrefixListener implements EtcdWatchListener {

		private final List<EtcdConfigContext> contexts;

		private @Nullable EtcdWatchSubscription subscription;

		private @Nullable EtcdPermissionDeniedException denied;

		CommonPrefixListener(List<EtcdConfigContext> contexts) {
			this.contexts = contexts;
		}

		synchronized void attach(EtcdWatchSubscription subscription) {
			this.subscription = subscription;
			if (this.denied != null) {
				fallBackToEachContext(this.contexts, subscription, this.denied);
			}
		}

		@Override
		public void onEvent(EtcdWatchEvent event) {
			onEvents(List.of(event));
		}

		@Override
		public void onEvents(List<EtcdWatchEvent> events) {
			List<EtcdWatchEvent> relevant = relevant(this.contexts, events);
			if (!relevant.isEmpty()) {
				EtcdConfigWatcher.this.applier.submit(relevant);
			}
		}

		@Override
		public long onCompacted(long compactedRevision) {
			return reload(this.contexts, "after etcd compacted past revision " + compactedRevision
					+ " before the configuration watch caught up");
		}

		@Override
		public long onReset(long currentRevision) {
			return reload(this.contexts, "because etcd's revisions went back (etcd restored or replaced)");
		}

		@Override
		public void onError(EtcdException error) {
			if (error instanceof EtcdPermissionDeniedException refusal) {
				EtcdWatchSubscription refused;
				synchronized (this) {
					this.denied = refusal;
					refused = this.subscription;
				}
				if (refused != null) {
					fallBackToEachContext(this.contexts, refused, refusal);
				}
			}
		}

	}

	private final class ContextListener implements EtcdWatchListener {

		private final EtcdConfigContext context;

		private final EtcdConfigRevisionMerger merger;

		ContextListener(EtcdConfigContext context, EtcdConfigRevisionMerger merger) {
			this.context = context;
			this.merger = merger;
		}

		@Override
		public void onEvent(EtcdWatchEvent event) {
			onEvents(List.of(event));
		}

		@Override
		public void onEvents(List<EtcdWatchEvent> events) {
			this.merger.offer(this.context, relevant(List.of(this.context), events), events.get(0).revision());
		}

		@Override
		public long onCompacted(long compactedRevision) {
			return reloadContext("after etcd compacted past revision " + compactedRevision);
		}

		@Override
		public long onReset(long currentRevision) {
			return reloadContext("because etcd's revisions went back (etcd restored or replaced)");
		}

		private long reloadContext(String reason) {
			logger.warn("Reloading etcd configuration context " + this.context.path() + " " + reason);
			EtcdConfigContextData data = EtcdConfigReader.read(EtcdConfigWatcher.this.client, this.context);
			this.merger.reloaded(this.context, data);
			return data.revision();
		}

	}

}
