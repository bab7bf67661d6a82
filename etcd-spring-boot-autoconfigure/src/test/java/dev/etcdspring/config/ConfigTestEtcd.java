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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import dev.etcdspring.test.EtcdTestServers;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of a configuration test on the shared etcd: a configuration root of its own
 * for each test, a client to write under it, and whatever the test starts (applications,
 * clients), closed in reverse order after the test. Register it with
 * {@code @RegisterExtension}.
 *
 * @author etcd-spring-boot-starter authors
 */
final class ConfigTestEtcd implements BeforeEachCallback, AfterEachCallback {

	private final String rootPrefix;

	private final Duration requestTimeout;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private EtcdServer server;

	private String root;

	private EtcdClient etcd;

	/**
	 * Create a fixture.
	 * @param rootPrefix the start of each test's root, e.g. {@code /b}
	 * @param requestTimeout the request timeout of the writing client
	 */
	ConfigTestEtcd(String rootPrefix, Duration requestTimeout) {
		this.rootPrefix = rootPrefix;
		this.requestTimeout = requestTimeout;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.server = EtcdTestServers.shared();
		this.root = this.rootPrefix + UUID.randomUUID().toString().substring(0, 8);
		this.etcd = track(EtcdTestClients.create(this.server.endpoints(), this.requestTimeout));
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.closeables.clear();
	}

	/**
	 * Close something after the test, before what was tracked earlier.
	 * @param <T> its type
	 * @param closeable what to close
	 * @return it
	 */
	<T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	EtcdServer server() {
		return this.server;
	}

	String root() {
		return this.root;
	}

	EtcdClient etcd() {
		return this.etcd;
	}

}
