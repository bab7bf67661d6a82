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

package dev.etcdspring.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties of one etcd context, or of one part of a large one. It reads the current
 * content on every call, so replacing the content of the {@link EtcdConfigState} changes
 * every etcd property source of the environment at once.
 * <p>
 * A context loaded with 1,024 keys or more is held by several sources ({@link #of}), each
 * with the keys that hash to it: when a key is added or removed, Spring Boot, which
 * rebuilds the name mappings of a source whose names change, rebuilds those of one part
 * instead of all of the context's. The first part keeps the context's name, the others
 * add {@code " (part i of n)"}; they stand together in the environment, so the context's
 * precedence is unchanged.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigPropertySource extends EnumerablePropertySource<EtcdConfigContext> {

	/**
	 * Keys per part aimed at, and the size from which a context is split: Boot's update
	 * of the names of a source of this size takes well under a millisecond.
	 */
	static final int PARTITION_SIZE = 1024;

	private final Supplier<Map<String, Object>> properties;

	private final @Nullable Partitions partitions;

	private final int partition;

	private volatile @Nullable Names names;

	/**
	 * Create a property source reading the state's current content of a context.
	 * @param context the context
	 * @param state the state
	 */
	public EtcdConfigPropertySource(EtcdConfigContext context, EtcdConfigState state) {
		this(context, () -> state.content(context.path()).properties());
	}

	/**
	 * Create a property source over fixed or computed properties.
	 * @param context the context
	 * @param properties supplies the properties on each call
	 */
	public EtcdConfigPropertySource(EtcdConfigContext context, Supplier<Map<String, Object>> properties) {
		this(context, properties, null, 0);
	}

	private EtcdConfigPropertySource(EtcdConfigContext context, Supplier<Map<String, Object>> properties,
			@Nullable Partitions partitions, int partition) {
		super(partitionName(context, partitions, partition), context);
		this.properties = properties;
		this.partitions = partitions;
		this.partition = partition;
	}

	/**
	 * Return the property sources of a context as loaded: one, or one per part when the
	 * context holds 1,024 keys or more.
	 * @param context the context
	 * @param state the state, holding the context's loaded content
	 * @return the property sources, in order
	 */
	static List<EtcdConfigPropertySource> of(EtcdConfigContext context, EtcdConfigState state) {
		Supplier<Map<String, Object>> properties = () -> state.content(context.path()).properties();
		int size = properties.get().size();
		if (size < PARTITION_SIZE) {
			return List.of(new EtcdConfigPropertySource(context, properties));
		}
		Partitions partitions = new Partitions(Integer.highestOneBit(size / PARTITION_SIZE) * 2);
		List<EtcdConfigPropertySource> sources = new ArrayList<>(partitions.count);
		for (int i = 0; i < partitions.count; i++) {
			sources.add(new EtcdConfigPropertySource(context, properties, partitions, i));
		}
		return sources;
	}

	/**
	 * Return a source for the same context, or the same part of it, over other
	 * properties. The sources so made from the parts of one context split their keys
	 * together, once per change, as the parts themselves do.
	 * @param properties supplies the properties on each call; for the parts of one
	 * context, the same properties
	 * @return the source
	 */
	public EtcdConfigPropertySource withProperties(Supplier<Map<String, Object>> properties) {
		Partitions partitions = (this.partitions != null) ? this.partitions.sibling() : null;
		return new EtcdConfigPropertySource(getSource(), properties, partitions, this.partition);
	}

	private static String partitionName(EtcdConfigContext context, @Nullable Partitions partitions, int partition) {
		String name = context.propertySourceName();
		return (partitions == null || partition == 0) ? name
				: name + " (part " + (partition + 1) + " of " + partitions.count + ")";
	}

	@Override
	public String[] getPropertyNames() {
		Map<String, Object> current = this.properties.get();
		String[] all = allNames(current);
		if (this.partitions == null) {
			return all;
		}
		return this.partitions.names(all, (current instanceof EtcdConfigSnapshotMap<?> snapshot) ? snapshot : null,
				this.partition);
	}

	private String[] allNames(Map<String, Object> current) {
		// Same array while the content is the same, so Boot's name mappings, which
		// compare arrays, stay cheap with thousands of keys.
		if (current instanceof EtcdConfigSnapshotMap<Object> snapshot) {
			// its key array only changes when a key is added or removed
			return snapshot.keys();
		}
		Names names = this.names;
		if (names == null || names.source() != current) {
			names = new Names(current, current.keySet().toArray(String[]::new));
			this.names = names;
		}
		return names.names();
	}

	@Override
	public @Nullable Object getProperty(String name) {
		return isOwn(name) ? this.properties.get().get(name) : null;
	}

	@Override
	public boolean containsProperty(String name) {
		return isOwn(name) && this.properties.get().containsKey(name);
	}

	private boolean isOwn(String name) {
		return this.partitions == null || this.partitions.of(name) == this.partition;
	}

	private record Names(Map<String, Object> source, String[] names) {

	}

	/**
	 * How the keys of a context are split into parts, shared by its sources: one pass
	 * over the keys when they change, and a part whose keys did not change keeps its
	 * array, so Boot keeps that part's mappings.
	 */
	private static final class Partitions {

		private final int count;

		private volatile @Nullable Split split;

		private @Nullable Partitions sibling;

		Partitions(int count) {
			this.count = count;
		}

		/**
		 * Return the partitions that sources over other properties share: one split each
		 * for the content in force and for the candidate content, not one for every part.
		 */
		synchronized Partitions sibling() {
			Partitions sibling = this.sibling;
			if (sibling == null) {
				sibling = new Partitions(this.count);
				this.sibling = sibling;
			}
			return sibling;
		}

		int of(String name) {
			return EtcdConfigSnapshotMap.shard(name, this.count);
		}

		String[] names(String[] all, @Nullable EtcdConfigSnapshotMap<?> snapshot, int partition) {
			Split split = this.split;
			if (split == null || split.all() != all) {
				split = split(all, snapshot);
			}
			return split.parts()[partition];
		}

		private synchronized Split split(String[] all, @Nullable EtcdConfigSnapshotMap<?> snapshot) {
			Split previous = this.split;
			if (previous != null && previous.all() == all) {
				return previous;
			}
			EtcdConfigSnapshotMap.KeyChanges changes = (previous != null && snapshot != null)
					? snapshot.keyChangesSince(previous.all()) : null;
			Split next = (changes != null) ? previous.with(all, changes, this) : split(all, previous);
			this.split = next;
			return next;
		}

		/**
		 * Split all keys, keeping the array of each part whose keys did not change.
		 */
		private Split split(String[] all, @Nullable Split previous) {
			List<List<String>> building = new ArrayList<>(this.count);
			for (int i = 0; i < this.count; i++) {
				building.add(new ArrayList<>());
			}
			for (String name : all) {
				building.get(of(name)).add(name);
			}
			String[][] parts = new String[this.count][];
			for (int i = 0; i < this.count; i++) {
				String[] part = building.get(i).toArray(String[]::new);
				parts[i] = (previous != null && Arrays.equals(previous.parts()[i], part)) ? previous.parts()[i] : part;
			}
			return new Split(all, parts);
		}

		private record Split(String[] all, String[][] parts) {

			/**
			 * Return the next split from the keys added and removed since this one: only
			 * the parts they fall in are copied, in the order a full split gives (the
			 * order of the keys, added keys last).
			 */
			Split with(String[] all, EtcdConfigSnapshotMap.KeyChanges changes, Partitions partitions) {
				String[][] next = this.parts.clone();
				Map<Integer, List<String>> touched = new HashMap<>();
				Function<String, List<String>> partOf = (key) -> touched.computeIfAbsent(partitions.of(key),
						(i) -> new ArrayList<>(Arrays.asList(next[i])));
				changes.removed().forEach((key) -> partOf.apply(key).remove(key));
				changes.added().forEach((key) -> partOf.apply(key).add(key));
				touched.forEach((i, keys) -> next[i] = keys.toArray(String[]::new));
				return new Split(all, next);
			}

		}

	}

}
