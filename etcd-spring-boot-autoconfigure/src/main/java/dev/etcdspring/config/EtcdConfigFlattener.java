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

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Flattens a parsed document (maps, collections and scalars) into properties, named as
 * Spring Boot names the properties of a YAML file: {@code a.b}, {@code list[0]}, a key
 * that starts with {@code [} appended without a dot, an empty collection as an empty
 * string, {@code null} as an empty string.
 * <p>
 * A YAML document is a graph, not a tree: an alias makes one node appear in several
 * places, and a node may contain itself. SnakeYAML's limit of 50 aliases keeps the graph
 * small, but not what flattening makes of it: sixteen levels of three aliases are 48
 * aliases and 43 million properties. So flattening refuses a node that contains itself,
 * and stops once the properties it produced would take more than a budget, an estimate in
 * bytes proportional to the document's size.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigFlattener {

	/**
	 * Estimated bytes each property costs besides its name: the map entry, the name
	 * string and its array.
	 */
	private static final int ENTRY_COST = 96;

	/**
	 * Budget per character of the document.
	 */
	private static final int BUDGET_PER_CHARACTER = 64;

	/**
	 * Budget of any document, however small.
	 */
	private static final long MINIMUM_BUDGET = 16L * 1024 * 1024;

	private final Map<String, Object> result = new LinkedHashMap<>();

	private final long budget;

	private long spent;

	private final Set<Object> path = Collections.newSetFromMap(new IdentityHashMap<>());

	/**
	 * Create a flattener for the documents of one etcd value.
	 * @param documentLength the value's length in characters
	 */
	EtcdConfigFlattener(int documentLength) {
		this.budget = Math.max(MINIMUM_BUDGET, (long) BUDGET_PER_CHARACTER * documentLength);
	}

	/**
	 * Add the properties of a document's root mapping. Names already present are
	 * replaced, so later documents of a stream override earlier ones. The budget is
	 * shared by every document added.
	 * @param root the root mapping
	 * @throws ShapeException if the document contains itself or expands beyond the budget
	 */
	void add(Map<?, ?> root) {
		mapping("", root);
	}

	/**
	 * Return the properties added so far, in document order.
	 * @return the properties by name
	 */
	Map<String, Object> properties() {
		return this.result;
	}

	private void mapping(String prefix, Map<?, ?> map) {
		enter(map);
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String key = key(entry.getKey());
			String name;
			if (prefix.isEmpty()) {
				name = key;
			}
			else {
				name = key.startsWith("[") ? prefix + key : prefix + "." + key;
			}
			value(name, entry.getValue());
		}
		this.path.remove(map);
	}

	private void value(String name, @Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			mapping(name, map);
		}
		else if (value instanceof Collection<?> collection) {
			if (collection.isEmpty()) {
				put(name, "");
				return;
			}
			enter(collection);
			int index = 0;
			for (Object element : collection) {
				value(name + "[" + index++ + "]", element);
			}
			this.path.remove(collection);
		}
		else {
			put(name, (value != null) ? value : "");
		}
	}

	private static String key(@Nullable Object key) {
		// Spring's YamlProcessor: a key that is not a string is a map key in brackets.
		return (key instanceof CharSequence) ? key.toString() : "[" + key + "]";
	}

	private void enter(Object node) {
		if (!this.path.add(node)) {
			throw new ShapeException("the document contains itself (an alias to one of its own parents)");
		}
	}

	private void put(String name, Object value) {
		this.spent += name.length() + ENTRY_COST;
		if (this.spent > this.budget) {
			throw new ShapeException("the document expands to more than " + this.result.size()
					+ " properties, more than " + BUDGET_PER_CHARACTER
					+ " times its size allows (aliases or nesting that repeat large parts)");
		}
		this.result.put(name, value);
	}

	/**
	 * A document whose shape is refused. The message names what is wrong, never a value.
	 */
	static final class ShapeException extends RuntimeException {

		ShapeException(String message) {
			super(message, null, false, false);
		}

	}

}
