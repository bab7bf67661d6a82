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

import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigFormat;
import dev.etcdspring.config.EtcdConfigPropertySource;
import dev.etcdspring.config.EtcdConfigState;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigCandidateSources}: the environment's sources with the next content in
 * place of the etcd ones, one candidate per context for good.
 */
class EtcdConfigCandidateSourcesTests {

	private static final EtcdConfigContext ORDERS = new EtcdConfigContext("/config/orders", EtcdConfigFormat.KEY_VALUE,
			"data", false);

	private static final EtcdConfigContext APPLICATION = new EtcdConfigContext("/config/application",
			EtcdConfigFormat.KEY_VALUE, "data", false);

	private final EtcdConfigState state = new EtcdConfigState();

	private final StandardEnvironment environment = new StandardEnvironment();

	EtcdConfigCandidateSourcesTests() {
		this.state.loaded(ORDERS.path(), data("a", "in force", 10));
		this.state.loaded(APPLICATION.path(), data("b", "in force", 10));
		MutablePropertySources sources = this.environment.getPropertySources();
		sources.addFirst(new MapPropertySource("first", Map.of("a", "first")));
		sources.addLast(new EtcdConfigPropertySource(ORDERS, this.state));
		sources.addLast(new EtcdConfigPropertySource(APPLICATION, this.state));
		ConfigurationPropertySources.attach(this.environment);
	}

	@Test
	void etcdSourcesReadTheNextContentOrTheContentInForce() {
		EtcdConfigCandidateSources candidates = new EtcdConfigCandidateSources(this.environment, this.state);
		MutablePropertySources sources = candidates.build(Map.of(ORDERS.path(), data("a", "next", 11)));
		List<String> names = sources.stream().map(PropertySource::getName).toList();
		assertThat(names).doesNotContain(ConfigurationPropertySources.class.getName(), "configurationProperties")
			.containsSubsequence("first", "etcd:/config/orders", "etcd:/config/application");
		assertThat(sources.get("first")).isSameAs(this.environment.getPropertySources().get("first"));
		assertThat(sources.get("etcd:/config/orders").getProperty("a")).isEqualTo("next");
		assertThat(sources.get("etcd:/config/application").getProperty("b")).isEqualTo("in force");
		assertThat(this.environment.getPropertySources().get("etcd:/config/orders").getProperty("a"))
			.isEqualTo("in force");
	}

	@Test
	void theCandidateOfAContextIsAlwaysTheSameInstance() {
		EtcdConfigCandidateSources candidates = new EtcdConfigCandidateSources(this.environment, this.state);
		MutablePropertySources first = candidates.build(Map.of(ORDERS.path(), data("a", "next", 11)));
		MutablePropertySources second = candidates.build(Map.of(APPLICATION.path(), data("b", "next", 11)));
		assertThat(second.get("etcd:/config/orders")).isSameAs(first.get("etcd:/config/orders"))
			.isNotSameAs(this.environment.getPropertySources().get("etcd:/config/orders"));
		assertThat(second.get("etcd:/config/application")).isSameAs(first.get("etcd:/config/application"));
		assertThat(second.get("etcd:/config/orders").getProperty("a")).isEqualTo("in force");
		assertThat(second.get("etcd:/config/application").getProperty("b")).isEqualTo("next");
	}

	private static EtcdConfigContextData data(String name, String value, long revision) {
		return new EtcdConfigContextData(Map.of(), Map.of(name, value), revision);
	}

}
