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

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An immutable map in insertion order from which the next version is derived at a cost
 * proportional to the change, not to the size: the entries live in small hash shards, and
 * a new version copies the array of shards and only the shards it changes, sharing the
 * rest with the version before. The key order is one array, shared as long as no key is
 * added or removed: Spring Boot's binder compares the property names of a source by array
 * identity first, so a change of values alone costs it nothing.
 * <p>
 * Safe to read from any thread once published: nothing is changed after construction.
 *
 * @param <V> the value type
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigSnapshotMap<V> extends AbstractMap<String, V> {

	/** Entries per shard aimed at, so that copying one costs little. */
	private static final int SHARD_SIZE = 32;

	private static final EtcdConfigSnapshotMap<?> EMPTY = new EtcdConfigSnapshotMap<>(new Object[] { Map.of() },
			new String[0], 0);

	// Each element a Map<String, V>, never changed once the map is built.
	private final Object[] shards;

	private final String[] order;

	private final int capacity;

	private @Nullable Set<Map.Entry<String, V>> entries;

	// How the key order differs from that of the version this one was derived from.
	private final @Nullable KeyChanges keyChanges;

	private EtcdConfigSnapshotMap(Object[] shards, String[] order, int capacity) {
		this(shards, order, capacity, null);
	}

	private EtcdConfigSnapshotMap(Object[] shards, String[] order, int capacity, @Nullable KeyChanges keyChanges) {
		this.shards = shards;
		this.order = order;
		this.capacity = capacity;
		this.keyChanges = keyChanges;
	}

	/**
	 * Return a map with the entries of the given one, in its order.
	 * @param <V> the value type
	 * @param map the entries
	 * @return the map, the same instance if it is one already
	 */
	@SuppressWarnings("unchecked")
	static <V> EtcdConfigSnapshotMap<V> of(Map<String, ? extends V> map) {
		if (map instanceof EtcdConfigSnapshotMap<?> snapshot) {
			return (EtcdConfigSnapshotMap<V>) snapshot;
		}
		return build(map, null);
	}

	/**
	 * Return a map with the entries of the given one, in its order, sharing the key order
	 * of {@code previous} when it is the same.
	 * @param <V> the value type
	 * @param map the entries
	 * @param previous the version before
	 * @return the map
	 */
	static <V> EtcdConfigSnapshotMap<V> of(Map<String, ? extends V> map, Map<String, ?> previous) {
		if (map instanceof EtcdConfigSnapshotMap<?>) {
			return of(map);
		}
		return build(map, (previous instanceof EtcdConfigSnapshotMap<?> snapshot) ? snapshot.order : null);
	}

	@SuppressWarnings("unchecked")
	private static <V> EtcdConfigSnapshotMap<V> build(Map<String, ? extends V> map, String @Nullable [] previousOrder) {
		if (map.isEmpty()) {
			return (EtcdConfigSnapshotMap<V>) EMPTY;
		}
		int shardCount = shardCount(map.size());
		List<Map<String, V>> building = new ArrayList<>(shardCount);
		for (int i = 0; i < shardCount; i++) {
			building.add(new HashMap<>());
		}
		String[] order = new String[map.size()];
		int index = 0;
		for (Map.Entry<String, ? extends V> entry : map.entrySet()) {
			order[index++] = entry.getKey();
			building.get(shard(entry.getKey(), shardCount)).put(entry.getKey(), entry.getValue());
		}
		if (previousOrder != null && Arrays.equals(previousOrder, order)) {
			order = previousOrder;
		}
		return new EtcdConfigSnapshotMap<>(building.toArray(), order, shardCount * SHARD_SIZE * 4);
	}

	private static int shardCount(int size) {
		int count = Integer.highestOneBit(Math.max(1, size / SHARD_SIZE));
		return (count < size / SHARD_SIZE) ? count * 2 : count;
	}

	/**
	 * Return which of {@code shardCount} shards (a power of two) a key falls in.
	 * @param key the key
	 * @param shardCount the number of shards
	 * @return the shard, from 0
	 */
	static int shard(Object key, int shardCount) {
		if (shardCount == 1) {
			return 0;
		}
		// The high bits of a multiplicative hash: the HashMap of each shard picks its
		// buckets by the low bits, which must not be the same for all keys of a shard.
		return (key.hashCode() * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(shardCount));
	}

	@SuppressWarnings("unchecked")
	private Map<String, V> shardOf(Object key) {
		return (Map<String, V>) this.shards[shard(key, this.shards.length)];
	}

	/**
	 * Return the next version: these keys set to these values, a {@code null} value
	 * removing the key. A key that is new goes last, in the order of the changes; a key
	 * whose value changes keeps its place.
	 * @param changes the changed keys
	 * @return the next version, this one when nothing changes
	 */
	@SuppressWarnings("unchecked")
	EtcdConfigSnapshotMap<V> with(Map<String, ? extends @Nullable V> changes) {
		Object[] shards = null;
		Set<Integer> copied = new HashSet<>();
		List<String> added = new ArrayList<>();
		Set<String> removed = new HashSet<>();
		for (Map.Entry<String, ? extends @Nullable V> change : changes.entrySet()) {
			String key = change.getKey();
			V value = change.getValue();
			Map<String, V> current = shardOf(key);
			boolean present = current.containsKey(key);
			if ((value == null && !present) || (value != null && present && value.equals(current.get(key)))) {
				continue;
			}
			if (shards == null) {
				shards = this.shards.clone();
			}
			int index = shard(key, shards.length);
			if (copied.add(index)) {
				shards[index] = new HashMap<>((Map<String, V>) shards[index]);
			}
			Map<String, V> shard = (Map<String, V>) shards[index];
			if (value == null) {
				removed.add(canonical(current, key));
				shard.remove(key);
			}
			else {
				shard.put(key, value);
				if (!present) {
					added.add(key);
				}
			}
		}
		if (shards == null) {
			return this;
		}
		String[] order = this.order;
		if (!removed.isEmpty()) {
			order = without(order, removed);
		}
		if (!added.isEmpty()) {
			int kept = order.length;
			order = Arrays.copyOf(order, kept + added.size());
			for (int i = 0; i < added.size(); i++) {
				order[kept + i] = added.get(i);
			}
		}
		if (order.length > this.capacity || order.length == 0) {
			// Grown well beyond what the shards were sized for: shard again.
			Map<String, V> all = new LinkedHashMap<>();
			for (String key : order) {
				all.put(key, ((Map<String, V>) shards[shard(key, shards.length)]).get(key));
			}
			return build(all, order);
		}
		KeyChanges keyChanges = (order != this.order)
				? new KeyChanges(this.order, List.copyOf(added), Set.copyOf(removed)) : null;
		return new EtcdConfigSnapshotMap<>(shards, order, this.capacity, keyChanges);
	}

	/**
	 * Return the instance of a key that the map holds, which is the one in the key order:
	 * a shard holds a few dozen keys.
	 */
	private static String canonical(Map<String, ?> shard, String key) {
		for (String held : shard.keySet()) {
			if (held.equals(key)) {
				return held;
			}
		}
		return key;
	}

	/**
	 * Return the order without the removed keys (the instances in it). A few removed keys
	 * are found by identity and cut out with array copies; many, with one pass.
	 */
	private static String[] without(String[] order, Set<String> removed) {
		if (removed.size() <= 8) {
			String[] kept = order;
			for (String key : removed) {
				int at = -1;
				for (int i = 0; i < kept.length; i++) {
					if (kept[i] == key) {
						at = i;
						break;
					}
				}
				if (at >= 0) {
					String[] next = new String[kept.length - 1];
					System.arraycopy(kept, 0, next, 0, at);
					System.arraycopy(kept, at + 1, next, at, kept.length - at - 1);
					kept = next;
				}
			}
			return kept;
		}
		List<String> kept = new ArrayList<>(order.length - removed.size());
		for (String key : order) {
			if (!removed.contains(key)) {
				kept.add(key);
			}
		}
		return kept.toArray(String[]::new);
	}

	/**
	 * Return how the key order differs from {@code previous}, when this version was
	 * derived from the one whose key order that is.
	 * @param previous the key order of an earlier version
	 * @return the keys added and removed, or {@code null} if not known
	 */
	@Nullable KeyChanges keyChangesSince(String[] previous) {
		KeyChanges changes = this.keyChanges;
		return (changes != null && changes.previous() == previous) ? changes : null;
	}

	/**
	 * Return the keys in order. The array is shared: callers must not change it.
	 * @return the keys
	 */
	String[] keys() {
		return this.order;
	}

	@Override
	public int size() {
		return this.order.length;
	}

	@Override
	public boolean isEmpty() {
		return this.order.length == 0;
	}

	@Override
	public @Nullable V get(Object key) {
		return (key != null) ? shardOf(key).get(key) : null;
	}

	@Override
	public boolean containsKey(Object key) {
		return key != null && shardOf(key).containsKey(key);
	}

	@Override
	public Set<Map.Entry<String, V>> entrySet() {
		Set<Map.Entry<String, V>> entries = this.entries;
		if (entries == null) {
			entries = new Entries();
			this.entries = entries;
		}
		return entries;
	}

	/**
	 * The keys added to and removed from a key order.
	 *
	 * @param previous the key order before
	 * @param added the added keys, in order, last in the new order
	 * @param removed the removed keys
	 */
	record KeyChanges(String[] previous, List<String> added, Set<String> removed) {

	}

	private final class Entries extends AbstractSet<Map.Entry<String, V>> {

		@Override
		public Iterator<Map.Entry<String, V>> iterator() {
			return new Iterator<>() {

				private int next;

				@Override
				public boolean hasNext() {
					return this.next < EtcdConfigSnapshotMap.this.order.length;
				}

				@Override
				public Map.Entry<String, V> next() {
					if (!hasNext()) {
						throw new NoSuchElementException();
					}
					String key = EtcdConfigSnapshotMap.this.order[this.next++];
					return new AbstractMap.SimpleImmutableEntry<>(key, shardOf(key).get(key));
				}

			};
		}

		@Override
		public int size() {
			return EtcdConfigSnapshotMap.this.order.length;
		}

	}

}
