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
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdConfigKeyNames} decides which names are one property exactly as Spring
 * Boot's {@link ConfigurationPropertyName} does.
 */
class EtcdConfigKeyNamesTests {

	private static final List<String> NAMES = List.of("a.b", "a.my-value", "a.myValue", "a.my_value", "a.MyValue",
			"a.myvalue", "a.my-value-", "list.0", "list[0]", "list.[0]", "map[a.b]", "map.a.b", "map[A]", "map.a",
			"map.A", "map[a]", "x-y.z", "xy.z", "0a.b", "a.b-c.d", "a.bc.d");

	@Test
	void onePropertyExactlyWhenBootSaysTheNamesAreEqual() {
		for (String name : NAMES) {
			for (String other : NAMES) {
				boolean boot = ConfigurationPropertyName.adapt(name, '.')
					.equals(ConfigurationPropertyName.adapt(other, '.'));
				assertThat(EtcdConfigKeyNames.property(name).equals(EtcdConfigKeyNames.property(other)))
					.as("%s and %s", name, other)
					.isEqualTo(boot);
			}
		}
	}

	@Test
	void plainNamesTakeTheSameFormAsAdaptedOnes() {
		for (String name : List.of("a.b", "a.my-value", "x-y.z0", "0a.b-", "abc")) {
			ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
			List<String> uniform = new ArrayList<>();
			for (int i = 0; i < adapted.getNumberOfElements(); i++) {
				uniform.add(adapted.getElement(i, Form.UNIFORM));
			}
			assertThat(EtcdConfigKeyNames.property(name)).as(name).isEqualTo(uniform);
		}
	}

	@Test
	void namesWithCharactersTheBinderDropsAreNotProperties() {
		assertThat(List.of("a..b", ".a", "a.", "-a", "a.-b", "probe.ünï", "a b", "a$b", "a[", "a]", "a[]", "a[0]b", "",
				"a.[b", "a[b]]"))
			.allSatisfy((name) -> assertThat(EtcdConfigKeyNames.property(name)).as(name).isNull());
	}

}
