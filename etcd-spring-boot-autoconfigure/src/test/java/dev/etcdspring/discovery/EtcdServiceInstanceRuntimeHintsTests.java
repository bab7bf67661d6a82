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
package dev.etcdspring.discovery;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovered instances can be serialized with Jackson in a native image:
 * {@link EtcdServiceInstanceRuntimeHints}, with {@link RuntimeHintsPredicates}.
 */
class EtcdServiceInstanceRuntimeHintsTests {

	@Test
	void serviceInstanceGettersAreInvocable() {
		RuntimeHints hints = new RuntimeHints();
		new EtcdServiceInstanceRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(EtcdServiceInstance.class)).accepts(hints);
		for (String getter : new String[] { "getServiceId", "getInstanceId", "getHost", "getPort", "isSecure", "getUri",
				"getMetadata" }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EtcdServiceInstance.class, getter))
				.as(getter)
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(EtcdInstancePayload.class)).accepts(hints);
	}

}
