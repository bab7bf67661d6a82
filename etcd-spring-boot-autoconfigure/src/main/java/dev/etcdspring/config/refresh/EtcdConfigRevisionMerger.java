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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Joins the events of one watch per context back into whole transactions. With one watch
 * per context, a transaction that changes two contexts arrives as two deliveries of the
 * same revision, on two watches, at two moments. When a watch delivers revision R, the
 * merger asks etcd, for every other context whose watch has not delivered R yet, whether
 * anything under it changed at exactly R ({@link EtcdClient#hasChangesAt}: count-only
 * reads, no values). If nothing did, the events go to the applier at once; otherwise they
 * are held until every such context's watch has delivered R (or a later revision, which
 * means it had nothing at R after all), and then go to the applier together, as one
 * change.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigRevisionMerger {

	private static final Log logger = LogFactory.getLog(EtcdConfigRevisionMerger.class);

	private final EtcdClient client;

	private final EtcdConfigApplier applier;

	private final Map<String, EtcdWatchSubscription> watches = new LinkedHashMap<>();

	private final Map<String, EtcdConfigContext> contexts = new LinkedHashMap<>();

	/** Revisions held back, with the events collected so far and who is still awaited. */
	private final TreeMap<Long, Held> held = new TreeMap<>();

	EtcdConfigRevisionMerger(EtcdClient client, EtcdConfigApplier applier) {
		this.client = client;
		this.applier = applier;
	}

	synchronized void add(EtcdConfigContext context, EtcdWatchSubscription watch) {
		this.contexts.put(context.path(), context);
		this.watches.put(context.path(), watch);
	}

	/**
	 * Take the events one context's watch delivered at one revision.
	 * @param context the context
	 * @param events its events at that revision under the context (may be empty when the
	 * watch saw only keys the context ignores)
	 * @param revision the revision
	 */
	synchronized void offer(EtcdConfigContext context, List<EtcdWatchEvent> events, long revision) {
		if (logger.isDebugEnabled()) {
			logger
				.debug("Context " + context.path() + " delivered " + events.size() + " events at revision " + revision);
		}
		// A later revision from this context means it had nothing more at earlier ones.
		for (Held earlier : List.copyOf(this.held.headMap(revision, false).values())) {
			earlier.awaited.remove(context.path());
			releaseIfComplete(earlier);
		}
		Held pending = this.held.get(revision);
		if (pending != null) {
			pending.events.addAll(events);
			pending.awaited.remove(context.path());
			releaseIfComplete(pending);
			return;
		}
		if (events.isEmpty()) {
			return;
		}
		Set<String> awaited = new LinkedHashSet<>();
		for (Map.Entry<String, EtcdConfigContext> other : this.contexts.entrySet()) {
			if (other.getKey().equals(context.path())) {
				continue;
			}
			EtcdWatchSubscription watch = this.watches.get(other.getKey());
			if (watch != null && watch.lastRevision() >= revision) {
				continue;
			}
			if (changedAt(other.getValue(), revision)) {
				awaited.add(other.getKey());
			}
		}
		if (awaited.isEmpty()) {
			this.applier.submit(events);
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Holding revision " + revision + " of context " + context.path() + " until " + awaited
					+ " deliver it too");
		}
		Held hold = new Held(revision, awaited);
		hold.events.addAll(events);
		this.held.put(revision, hold);
	}

	/**
	 * A context was read again (after a compaction or a reset): what was held for it is
	 * part of the new content, and nothing more is awaited from it.
	 */
	synchronized void reloaded(EtcdConfigContext context, EtcdConfigContextData data) {
		for (Held hold : List.copyOf(this.held.values())) {
			hold.awaited.remove(context.path());
			releaseIfComplete(hold);
		}
		this.applier.submitReload(Map.of(context.path(), data));
	}

	private boolean changedAt(EtcdConfigContext context, long revision) {
		try {
			return this.client.hasChangesAt(context.keyPrefix(), revision);
		}
		catch (EtcdException ex) {
			// Cannot tell (etcd unreachable, or the revision before was compacted): apply
			// without waiting rather than hold a change that may never be joined.
			logger.warn("Could not tell whether configuration context " + context.path() + " changed at revision "
					+ revision + "; applying the changes of the other contexts at that revision on their own: "
					+ ex.getMessage());
			return false;
		}
	}

	private void releaseIfComplete(Held hold) {
		if (!hold.awaited.isEmpty() || this.held.get(hold.revision) != hold) {
			return;
		}
		// Earlier revisions still held go first, so the applier sees revisions in order.
		for (Long earlier : List.copyOf(this.held.headMap(hold.revision, false).keySet())) {
			Held other = this.held.get(earlier);
			if (other != null && other.awaited.isEmpty()) {
				this.held.remove(earlier);
				this.applier.submit(other.events);
			}
		}
		this.held.remove(hold.revision);
		if (!hold.events.isEmpty()) {
			this.applier.submit(hold.events);
		}
	}

	private static final class Held {

		private final long revision;

		private final Set<String> awaited;

		private final List<EtcdWatchEvent> events = new ArrayList<>();

		Held(long revision, Set<String> awaited) {
			this.revision = revision;
			this.awaited = awaited;
		}

	}

}
