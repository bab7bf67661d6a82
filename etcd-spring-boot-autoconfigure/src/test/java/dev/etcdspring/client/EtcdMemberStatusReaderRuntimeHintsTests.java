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
package dev.etcdspring.client;

import java.lang.reflect.Field;

import io.grpc.stub.AbstractStub;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdMemberStatusReader} can read jetcd's maintenance stub in a native image:
 * {@link EtcdMemberStatusReaderRuntimeHints}, with {@link RuntimeHintsPredicates}.
 */
class EtcdMemberStatusReaderRuntimeHintsTests {

	@Test
	void maintenanceStubFieldIsAccessible() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new EtcdMemberStatusReaderRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection()
			.onFieldAccess(EtcdMemberStatusReaderRuntimeHints.MAINTENANCE_TYPE,
					EtcdMemberStatusReaderRuntimeHints.STUB_FIELD))
			.accepts(hints);
	}

	@Test
	void hintNamesTheFieldJetcdHas() throws Exception {
		// A jetcd upgrade that renames it makes the reader fall back, and this fail.
		Field field = Class.forName(EtcdMemberStatusReaderRuntimeHints.MAINTENANCE_TYPE)
			.getDeclaredField(EtcdMemberStatusReaderRuntimeHints.STUB_FIELD);
		assertThat(AbstractStub.class).isAssignableFrom(field.getType());
	}

}
