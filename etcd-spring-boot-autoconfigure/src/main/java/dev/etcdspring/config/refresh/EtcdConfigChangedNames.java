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

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySources;
import org.springframework.core.env.PropertySourcesPropertyResolver;

/**
 * Step 4 of applying a batch: of the property names the next content changes in etcd,
 * those whose effective value changes. A name set in etcd may be overridden by a source
 * before it (a system property, say), and a name may change through a placeholder; only
 * names whose resolved value differs between the environment and the candidate sources
 * have changed for the application.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigChangedNames {

	private EtcdConfigChangedNames() {
	}

	/**
	 * Return the names whose effective value changes.
	 * @param environment the properties in force
	 * @param candidate the candidate property sources
	 * @param names the names the next content changes in etcd
	 * @return the names whose value differs, in the order given
	 */
	static Set<String> effective(PropertyResolver environment, PropertySources candidate, Collection<String> names) {
		PropertySourcesPropertyResolver next = new PropertySourcesPropertyResolver(candidate);
		Set<String> changed = new LinkedHashSet<>();
		for (String name : names) {
			if (!Objects.equals(value(environment::getProperty, name), value(next::getProperty, name))) {
				changed.add(name);
			}
		}
		return changed;
	}

	private static @Nullable Object value(Function<String, @Nullable String> resolver, String name) {
		try {
			return resolver.apply(name);
		}
		catch (RuntimeException ex) {
			return ex; // unresolvable placeholder: never equal, so treated as changed
		}
	}

}
