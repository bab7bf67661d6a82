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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The property names of a {@code key-value} context: a key's path below the context, with
 * {@code /} read as {@code .}. The same rules at startup and at runtime, whatever order
 * the keys arrive in, so two instances never disagree:
 * <ul>
 * <li>A key whose name is not a property name is ignored: an empty, {@code .} or
 * {@code ..} segment, a trailing slash, or a character Spring Boot's binder would drop
 * ({@code probe.ünï} would bind as {@code probe.n}). Letters of either case, digits,
 * {@code -} and {@code _} are kept, and so is anything inside {@code [...]}.</li>
 * <li>Of several keys that name one property for the binder ({@code a/b} and {@code a.b},
 * or {@code my-value} and {@code myValue}), the key that sorts first in etcd's byte order
 * wins: the dotted form before the slash form, since {@code .} sorts before
 * {@code /}.</li>
 * </ul>
 * Both are reported as warnings naming the keys, never their values.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigKeyNames {

	private static final int LISTED = 20;

	private EtcdConfigKeyNames() {
	}

	/**
	 * Map the keys of a context to properties.
	 * @param context the context
	 * @param keyValues its key-values, by full key
	 * @param warnings receives one warning for the ignored keys and one per property
	 * named by several keys
	 * @return the properties by name, in the order of the keys
	 */
	static Map<String, Object> properties(EtcdConfigContext context, Map<String, String> keyValues,
			Consumer<String> warnings) {
		String prefix = context.keyPrefix();
		Map<String, Object> result = new LinkedHashMap<>(keyValues.size() * 4 / 3 + 1);
		Map<List<String>, String> keyOf = new HashMap<>(keyValues.size() * 4 / 3 + 1);
		Map<List<String>, TreeSet<String>> collisions = new LinkedHashMap<>();
		TreeSet<String> ignored = new TreeSet<>();
		for (Map.Entry<String, String> entry : keyValues.entrySet()) {
			String key = entry.getKey();
			if (!key.startsWith(prefix)) {
				continue;
			}
			String name = name(prefix, key);
			List<String> property = property(name);
			if (property == null) {
				ignored.add(key);
				continue;
			}
			String other = keyOf.putIfAbsent(property, key);
			if (other != null) {
				collisions.computeIfAbsent(property, (p) -> new TreeSet<>(EtcdConfigKeyNames::compare)).add(other);
				collisions.get(property).add(key);
			}
			result.put(name, entry.getValue());
		}
		collisions.forEach((property, keys) -> {
			String winner = keys.first();
			keys.forEach((key) -> result.remove(name(prefix, key)));
			result.put(name(prefix, winner), keyValues.get(winner));
			warnings.accept(collision(context, keys));
		});
		if (!ignored.isEmpty()) {
			warnings.accept(ignored(context, ignored));
		}
		return result;
	}

	/**
	 * Describe keys that all name one property.
	 * @param context the context
	 * @param keys the keys, in etcd's order
	 * @return the warning
	 */
	static String collision(EtcdConfigContext context, SortedSet<String> keys) {
		String winner = keys.first();
		return "etcd keys " + listed(keys) + " of context '" + context.path() + "' all set property '"
				+ name(context.keyPrefix(), winner) + "'; '" + winner
				+ "' is used (the key that sorts first in etcd's key order wins)";
	}

	/**
	 * Describe keys that are ignored.
	 * @param context the context
	 * @param ignored the keys
	 * @return the warning
	 */
	static String ignored(EtcdConfigContext context, SortedSet<String> ignored) {
		return "Ignoring " + ignored.size() + " etcd key(s) of context '" + context.path()
				+ "' that do not form a property name (an empty, '.' or '..' segment, a trailing slash, or a "
				+ "character other than letters, digits, '-' and '_' outside [...]): " + listed(ignored);
	}

	static String name(String prefix, String key) {
		return key.substring(prefix.length()).replace('/', '.');
	}

	/**
	 * Return what identifies the property a name stands for, cheaper to keep than
	 * {@link #property(String) the property} itself: its uniform elements joined by dots
	 * (the name itself, in the common case) when no element contains a dot, the elements
	 * otherwise. Two names stand for the same property exactly when their identities are
	 * equal.
	 * @param name a key's path below its context with {@code /} read as {@code .}
	 * @return the identity, or {@code null} if the name is not a property name
	 */
	static @Nullable Object propertyIdentity(String name) {
		List<String> property = property(name);
		if (property == null) {
			return null;
		}
		for (String element : property) {
			if (element.indexOf('.') >= 0) {
				return property;
			}
		}
		String joined = String.join(".", property);
		return joined.equals(name) ? name : joined;
	}

	/**
	 * Return the property a name stands for, as the binder compares names: its elements
	 * in Spring Boot's uniform form (lower case, without {@code -} and {@code _}, except
	 * in brackets), so that {@code a.my-value}, {@code a/myValue} and {@code a.my_value}
	 * are one property, as are {@code list.0} and {@code list[0]}.
	 * @param name a key's path below its context with {@code /} read as {@code .}
	 * @return the property, or {@code null} if the name is not a property name
	 */
	static @Nullable List<String> property(String name) {
		List<String> simple = simple(name);
		return (simple != null) ? simple : adapted(name);
	}

	/**
	 * The common case, without the cost of adapting the name: lower-case letters, digits
	 * and {@code -} (not leading), separated by single dots.
	 */
	private static @Nullable List<String> simple(String name) {
		List<String> uniform = new ArrayList<>(4);
		StringBuilder element = new StringBuilder();
		int start = 0;
		for (int i = 0; i <= name.length(); i++) {
			char ch = (i < name.length()) ? name.charAt(i) : '.';
			if (ch == '.') {
				if (i == start || element.isEmpty()) {
					return null;
				}
				uniform.add(element.toString());
				element.setLength(0);
				start = i + 1;
			}
			else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
				element.append(ch);
			}
			else if (ch != '-' || i == start) {
				return null;
			}
		}
		return uniform;
	}

	private static @Nullable List<String> adapted(String name) {
		List<String> elements = elements(name);
		if (elements == null) {
			return null;
		}
		// The binder adapts names leniently, dropping characters it does not accept:
		// the name is only valid if nothing is dropped.
		ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
		if (adapted.getNumberOfElements() != elements.size()) {
			return null;
		}
		List<String> uniform = new ArrayList<>(elements.size());
		for (int i = 0; i < elements.size(); i++) {
			if (!adapted.getElement(i, Form.ORIGINAL).equals(elements.get(i))) {
				return null;
			}
			uniform.add(adapted.getElement(i, Form.UNIFORM));
		}
		return uniform;
	}

	/**
	 * Split a name into its elements: separated by dots, or in brackets (after a dot or
	 * not: {@code a[0]}, {@code map.[a.b]}).
	 * @param name the name
	 * @return the elements, or {@code null} if one is empty or a bracket is unbalanced
	 */
	private static @Nullable List<String> elements(String name) {
		List<String> elements = new ArrayList<>();
		int length = name.length();
		int i = 0;
		while (i < length) {
			int end;
			if (name.charAt(i) == '[') {
				end = name.indexOf(']', i + 1);
				int nested = name.indexOf('[', i + 1);
				if (end < 0 || end == i + 1 || (nested >= 0 && nested < end)) {
					return null;
				}
				elements.add(name.substring(i + 1, end));
				end++;
			}
			else {
				end = i;
				while (end < length && name.charAt(end) != '.' && name.charAt(end) != '[' && name.charAt(end) != ']') {
					end++;
				}
				if (end == i || (end < length && name.charAt(end) == ']')) {
					return null;
				}
				elements.add(name.substring(i, end));
			}
			if (end < length && name.charAt(end) == '.') {
				end++;
				if (end == length) {
					return null;
				}
			}
			else if (end < length && name.charAt(end) != '[') {
				return null;
			}
			i = end;
		}
		return elements.isEmpty() ? null : elements;
	}

	/**
	 * Compare keys as etcd orders them: by their UTF-8 bytes.
	 */
	static int compare(String key, String other) {
		return Arrays.compareUnsigned(key.getBytes(StandardCharsets.UTF_8), other.getBytes(StandardCharsets.UTF_8));
	}

	static String listed(SortedSet<String> keys) {
		StringBuilder listed = new StringBuilder();
		int count = 0;
		for (String key : keys) {
			if (count == LISTED) {
				listed.append(", ... and ").append(keys.size() - LISTED).append(" more");
				break;
			}
			listed.append((count++ > 0) ? ", '" : "'").append(key).append('\'');
		}
		return "[" + listed + "]";
	}

}
