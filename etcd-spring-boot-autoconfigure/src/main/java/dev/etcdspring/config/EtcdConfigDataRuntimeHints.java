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
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Binding hints for the properties the {@code etcd:} import binds itself, before any bean
 * exists. Spring Boot registers hints for {@code @ConfigurationProperties} beans only,
 * and {@link EtcdConfigProperties} is a bean only when configuration was imported (with
 * {@code etcd.config.enabled=false} it is bound but never a bean).
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdConfigDataRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(EtcdConfigProperties.class, EtcdProperties.class)
			.registerHints(hints, classLoader);
	}

}
