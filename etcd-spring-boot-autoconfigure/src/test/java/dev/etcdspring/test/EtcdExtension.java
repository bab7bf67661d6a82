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

package dev.etcdspring.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension giving tests the shared etcd server ({@link EtcdTestServers#shared()}).
 * The server starts before the first test class that uses the extension, is kept in the
 * root {@link Store} and so is closed when the whole run ends. Parameters of type
 * {@link EtcdServer} (test and lifecycle methods, constructors) receive it.
 * <p>
 * Usually applied through {@link EtcdIntegrationTest}. Tests that stop etcd, enable auth,
 * compact it or need TLS or several members create their own {@link EtcdServer} or
 * {@link EtcdCluster} in a try-with-resources block or a field closed in
 * {@code @AfterAll}, and never touch the shared one.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdExtension implements BeforeAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(EtcdExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		shared(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == EtcdServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return shared(extensionContext);
	}

	private static EtcdServer shared(ExtensionContext context) {
		EtcdServer server = EtcdTestServers.shared();
		Store store = context.getRoot().getStore(NAMESPACE);
		if (store.get(EtcdServer.class, EtcdServer.class) != server) {
			// The root store closes what it holds (AutoCloseable) when the run ends.
			store.put(EtcdServer.class, server);
		}
		return server;
	}

}
