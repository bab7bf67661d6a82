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

import dev.etcdspring.client.EtcdProperties;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties the {@code etcd:} import binds itself can be bound in a native image:
 * {@link EtcdConfigDataRuntimeHints}, with {@link RuntimeHintsPredicates}.
 */
class EtcdConfigDataRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	EtcdConfigDataRuntimeHintsTests() {
		new EtcdConfigDataRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void configurationPropertiesAndTheirNestedGroupsCanBeBound() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(EtcdConfigProperties.class.getDeclaredConstructor())).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdConfigProperties.class, "setPrefix"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdConfigProperties.class, "setFormat"))
			.accepts(this.hints);
		assertThat(
				RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdConfigProperties.Watch.class, "setEnabled"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(EtcdConfigProperties.Retry.class, "setMaxAttempts")).accepts(this.hints);
	}

	@Test
	void clientPropertiesAndTheirNestedGroupsCanBeBound() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(EtcdProperties.class.getDeclaredConstructor())).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdProperties.class, "setEndpoints"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdProperties.class, "setPassword"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdProperties.Ssl.class, "setBundle"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdProperties.Retry.class, "setMultiplier"))
			.accepts(this.hints);
	}

}
