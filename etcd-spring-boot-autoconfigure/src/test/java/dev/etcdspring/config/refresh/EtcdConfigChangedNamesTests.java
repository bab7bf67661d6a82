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

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigChangedNames}: only names whose effective value changes.
 */
class EtcdConfigChangedNamesTests {

	@Test
	void namesOverriddenBeforeEtcdOrUnchangedAreNotChanged() {
		StandardEnvironment environment = new StandardEnvironment();
		MapPropertySource override = new MapPropertySource("override", Map.of("a", "override"));
		environment.getPropertySources().addFirst(override);
		environment.getPropertySources().addLast(new MapPropertySource("etcd", Map.of("a", "1", "b", "1", "c", "1")));
		MutablePropertySources candidate = new MutablePropertySources();
		candidate.addLast(override);
		candidate.addLast(new MapPropertySource("etcd", Map.of("a", "2", "b", "2", "c", "1")));
		assertThat(EtcdConfigChangedNames.effective(environment, candidate, List.of("a", "b", "c", "d")))
			.containsExactly("b");
	}

	@Test
	void aNameWhosePlaceholderCannotBeResolvedIsChanged() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new MapPropertySource("etcd", Map.of("a", "1")));
		MutablePropertySources candidate = new MutablePropertySources();
		candidate.addLast(new MapPropertySource("etcd", Map.of("a", "${missing}")));
		assertThat(EtcdConfigChangedNames.effective(environment, candidate, List.of("a"))).containsExactly("a");
	}

}
