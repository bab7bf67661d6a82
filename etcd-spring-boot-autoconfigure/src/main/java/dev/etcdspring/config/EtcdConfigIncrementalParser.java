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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The latest content of one context, to which changes are applied key by key: the work of
 * a change is proportional to the keys it changes, not to the size of the context.
 * <p>
 * A {@code key-value} context keeps, besides its content, which key names each property
 * (several keys may name one, see {@link EtcdConfigKeyNames}), so that a changed key is
 * parsed on its own and the property it names is set to the right key's value: the result
 * is the same set of properties a full parse of the new key-values gives. A new property
 * goes last, as it would in a map of the key-values the change was merged into. A
 * document context parses its document again: the document is the change.
 * <p>
 * Not thread-safe: one thread applies the changes. What {@link #content()} returns is
 * immutable and may be read from any thread.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdConfigIncrementalParser {

	private final EtcdConfigContext context;

	private final Consumer<String> warnings;

	private EtcdConfigContextData content;

	private @Nullable String problem;

	// key-value contexts: property identity -> the key that names it, or a TreeSet of
	// the keys in etcd's order when several do; built on first use
	private @Nullable Map<Object, Object> keysByProperty;

	/**
	 * Create a parser starting from content parsed in full.
	 * @param context the context
	 * @param content its content
	 */
	public EtcdConfigIncrementalParser(EtcdConfigContext context, EtcdConfigContextData content) {
		this(context, content, EtcdConfigParser::warn);
	}

	EtcdConfigIncrementalParser(EtcdConfigContext context, EtcdConfigContextData content, Consumer<String> warnings) {
		this.context = context;
		this.content = content;
		this.warnings = warnings;
	}

	/**
	 * Return the context.
	 * @return the context
	 */
	public EtcdConfigContext context() {
		return this.context;
	}

	/**
	 * Return the latest content: its key-values and revision are the latest seen; its
	 * properties are those of the latest key-values that parsed.
	 * @return the content
	 */
	public EtcdConfigContextData content() {
		return this.content;
	}

	/**
	 * Return why the latest document does not parse.
	 * @return the problem, or {@code null} when the latest content parsed
	 */
	public @Nullable String problem() {
		return this.problem;
	}

	/**
	 * Prepare what applying the first change needs (for a {@code key-value} context,
	 * which key names each property), so that the first change costs no more than the
	 * next ones.
	 */
	public void prepare() {
		if (!this.context.format().isDocument()) {
			keysByProperty();
		}
	}

	/**
	 * Apply changed keys.
	 * @param changes the keys of this context that changed and their values, {@code null}
	 * for a deleted key
	 * @param revision the revision the content reflects with these changes
	 * @return the names of the properties whose value changed, was added or removed
	 * @throws EtcdConfigDocumentException if the changed document does not parse: the
	 * key-values and revision are still taken, the properties stay as they were and
	 * {@link #problem()} says why
	 */
	public Set<String> apply(Map<String, @Nullable String> changes, long revision) {
		EtcdConfigSnapshotMap<String> keyValues = EtcdConfigSnapshotMap.of(this.content.keyValues());
		Map<String, @Nullable String> changed = new LinkedHashMap<>();
		changes.forEach((key, value) -> {
			if (this.context.isRelevant(key) && !Objects.equals(keyValues.get(key), value)) {
				changed.put(key, value);
			}
		});
		EtcdConfigSnapshotMap<String> nextKeyValues = keyValues.with(changed);
		EtcdConfigSnapshotMap<Object> properties = EtcdConfigSnapshotMap.of(this.content.properties());
		if (changed.isEmpty()) {
			this.content = new EtcdConfigContextData(nextKeyValues, properties, revision);
			return Set.of();
		}
		if (this.context.format().isDocument()) {
			EtcdConfigSnapshotMap<Object> next;
			try {
				next = EtcdConfigSnapshotMap.of(EtcdConfigParser.parse(this.context, nextKeyValues, this.warnings),
						properties);
			}
			catch (EtcdConfigDocumentException ex) {
				this.content = new EtcdConfigContextData(nextKeyValues, properties, revision);
				this.problem = ex.getMessage();
				throw ex;
			}
			this.problem = null;
			this.content = new EtcdConfigContextData(nextKeyValues, next, revision);
			return changedNames(properties, next);
		}
		Map<String, @Nullable Object> propertyChanges = keyValueChanges(changed, keyValues);
		Set<String> names = new LinkedHashSet<>();
		propertyChanges.forEach((name, value) -> {
			if (!Objects.equals(properties.get(name), value)) {
				names.add(name);
			}
		});
		this.content = new EtcdConfigContextData(nextKeyValues, properties.with(propertyChanges), revision);
		return names;
	}

	/**
	 * Take the content of the context read again in full.
	 * @param read the content read and parsed
	 * @return the names of the properties whose value changed, was added or removed
	 */
	public Set<String> reload(EtcdConfigContextData read) {
		EtcdConfigContextData previous = this.content;
		this.content = read;
		this.problem = null;
		this.keysByProperty = null;
		return changedNames(previous.properties(), read.properties());
	}

	/**
	 * The property changes of changed keys of a {@code key-value} context: each property
	 * a changed key names is set to the value of the key that now wins it (the first in
	 * etcd's order), or removed when no key names it any more.
	 */
	private Map<String, @Nullable Object> keyValueChanges(Map<String, @Nullable String> changed,
			Map<String, String> keyValues) {
		String prefix = this.context.keyPrefix();
		Map<Object, Object> keysByProperty = keysByProperty();
		Map<String, @Nullable Object> properties = new LinkedHashMap<>();
		TreeSet<String> ignored = new TreeSet<>();
		// First the keys of every property the change touches, then the winners: a later
		// change of the batch may remove the key an earlier one would have picked.
		Map<Object, @Nullable String> winnersBefore = new LinkedHashMap<>();
		for (Map.Entry<String, @Nullable String> change : changed.entrySet()) {
			String key = change.getKey();
			Object property = EtcdConfigKeyNames.propertyIdentity(EtcdConfigKeyNames.name(prefix, key));
			if (property == null) {
				if (change.getValue() != null) {
					ignored.add(key);
				}
				continue;
			}
			if (!winnersBefore.containsKey(property)) {
				winnersBefore.put(property, winner(keysByProperty.get(property)));
			}
			if (change.getValue() != null) {
				add(keysByProperty, property, key);
			}
			else {
				remove(keysByProperty, property, key);
			}
		}
		winnersBefore.forEach((property, before) -> {
			Object keys = keysByProperty.get(property);
			String after = winner(keys);
			if (before != null && !before.equals(after)) {
				properties.put(EtcdConfigKeyNames.name(prefix, before), null);
			}
			if (after != null) {
				String value = changed.containsKey(after) ? changed.get(after) : keyValues.get(after);
				properties.put(EtcdConfigKeyNames.name(prefix, after),
						EtcdConfigParser.value(this.context, Objects.requireNonNull(value)));
			}
			if (keys instanceof TreeSet<?> several) {
				@SuppressWarnings("unchecked")
				TreeSet<String> colliding = (TreeSet<String>) several;
				this.warnings.accept(EtcdConfigKeyNames.collision(this.context, colliding));
			}
		});
		if (!ignored.isEmpty()) {
			this.warnings.accept(EtcdConfigKeyNames.ignored(this.context, ignored));
		}
		return properties;
	}

	private Map<Object, Object> keysByProperty() {
		Map<Object, Object> keysByProperty = this.keysByProperty;
		if (keysByProperty == null) {
			String prefix = this.context.keyPrefix();
			keysByProperty = new HashMap<>(this.content.keyValues().size() * 4 / 3 + 1);
			for (String key : this.content.keyValues().keySet()) {
				if (!key.startsWith(prefix)) {
					continue;
				}
				Object property = EtcdConfigKeyNames.propertyIdentity(EtcdConfigKeyNames.name(prefix, key));
				if (property != null) {
					add(keysByProperty, property, key);
				}
			}
			this.keysByProperty = keysByProperty;
		}
		return keysByProperty;
	}

	@SuppressWarnings("unchecked")
	private static void add(Map<Object, Object> keysByProperty, Object property, String key) {
		Object existing = keysByProperty.get(property);
		if (existing == null) {
			keysByProperty.put(property, key);
		}
		else if (existing instanceof String other) {
			if (!other.equals(key)) {
				TreeSet<String> keys = new TreeSet<>(EtcdConfigKeyNames::compare);
				keys.add(other);
				keys.add(key);
				keysByProperty.put(property, keys);
			}
		}
		else {
			((TreeSet<String>) existing).add(key);
		}
	}

	@SuppressWarnings("unchecked")
	private static void remove(Map<Object, Object> keysByProperty, Object property, String key) {
		Object existing = keysByProperty.get(property);
		if (existing instanceof String other) {
			if (other.equals(key)) {
				keysByProperty.remove(property);
			}
		}
		else if (existing instanceof TreeSet<?> several) {
			TreeSet<String> keys = (TreeSet<String>) several;
			keys.remove(key);
			if (keys.size() == 1) {
				keysByProperty.put(property, keys.first());
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static @Nullable String winner(@Nullable Object keys) {
		if (keys == null) {
			return null;
		}
		return (keys instanceof String key) ? key : ((TreeSet<String>) keys).first();
	}

	private static Set<String> changedNames(Map<String, Object> before, Map<String, Object> after) {
		Set<String> names = new LinkedHashSet<>();
		if (before == after) {
			return names;
		}
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
		return names;
	}

}
