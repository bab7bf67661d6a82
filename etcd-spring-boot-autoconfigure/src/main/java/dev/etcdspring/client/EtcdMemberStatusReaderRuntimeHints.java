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

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Reflection hints for {@link EtcdMemberStatusReader}, which reads jetcd's private
 * maintenance stub to ask each member for its status over the client's own channel.
 * Without them a native image falls back to a connection per call, as the reader does
 * whenever the field is not accessible.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdMemberStatusReaderRuntimeHints implements RuntimeHintsRegistrar {

	// What EtcdMemberStatusReader looks up.
	static final String MAINTENANCE_TYPE = "io.etcd.jetcd.impl.MaintenanceImpl";

	static final String STUB_FIELD = "stub";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerType(TypeReference.of(MAINTENANCE_TYPE), (type) -> type.withField(STUB_FIELD));
	}

}
