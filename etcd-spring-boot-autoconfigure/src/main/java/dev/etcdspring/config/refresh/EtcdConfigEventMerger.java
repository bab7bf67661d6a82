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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import org.jspecify.annotations.Nullable;

/**
 * Step 1 of applying a batch: merges what was queued (watch events of one or more
 * revisions, full reloads) into what changed in each context, in order. A reload replaces
 * what came before it for its contexts; an event at or below the revision a context was
 * read at is already part of that content and skipped.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigEventMerger {

	private EtcdConfigEventMerger() {
	}

	/**
	 * Merge a batch.
	 * @param batch the queued items, oldest first
	 * @param contexts the contexts
	 * @param latestRevision the revision of each context's latest content, by path
	 * @return what changed, by context path, for the contexts something changed in
	 */
	static Map<String, ContextChange> merge(List<Item> batch, List<EtcdConfigContext> contexts,
			ToLongFunction<String> latestRevision) {
		Map<String, Builder> changes = new LinkedHashMap<>();
		Map<String, Long> known = new HashMap<>();
		for (Item item : batch) {
			if (item instanceof Reload reload) {
				reload.content().forEach((path, data) -> {
					Builder builder = new Builder(data);
					changes.put(path, builder);
					known.put(path, data.revision());
				});
			}
			else if (item instanceof Events events) {
				for (EtcdWatchEvent event : events.events()) {
					for (EtcdConfigContext context : contexts) {
						if (!context.isRelevant(event.key())) {
							continue;
						}
						String path = context.path();
						long read = known.computeIfAbsent(path, latestRevision::applyAsLong);
						if (event.revision() <= read) {
							continue; // already part of what was read
						}
						Builder builder = changes.computeIfAbsent(path, (p) -> new Builder(null));
						builder.keys.put(event.key(),
								(event.type() == EtcdWatchEvent.Type.DELETE) ? null : event.value());
						builder.revision = event.revision();
					}
				}
			}
		}
		Map<String, ContextChange> merged = new LinkedHashMap<>();
		changes.forEach((path, builder) -> merged.put(path, builder.build()));
		return merged;
	}

	/**
	 * Something queued for the applier.
	 */
	sealed interface Item permits Events, Reload {

	}

	/**
	 * The events of one revision.
	 *
	 * @param events the events
	 */
	record Events(List<EtcdWatchEvent> events) implements Item {

	}

	/**
	 * The full content of contexts read again.
	 *
	 * @param content the content by context path
	 */
	record Reload(Map<String, EtcdConfigContextData> content) implements Item {

	}

	/**
	 * What changed in one context.
	 *
	 * @param reload the content read again, to take before the keys, or {@code null}
	 * @param keys the keys that changed after it and their values, {@code null} for a
	 * deleted key, in the order they changed
	 * @param revision the revision the context is at with them
	 */
	record ContextChange(@Nullable EtcdConfigContextData reload, Map<String, @Nullable String> keys, long revision) {

	}

	private static final class Builder {

		private final @Nullable EtcdConfigContextData reload;

		private final Map<String, @Nullable String> keys = new LinkedHashMap<>();

		private long revision;

		Builder(@Nullable EtcdConfigContextData reload) {
			this.reload = reload;
			this.revision = (reload != null) ? reload.revision() : 0;
		}

		ContextChange build() {
			return new ContextChange(this.reload, this.keys, this.revision);
		}

	}

}
