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

import java.time.Duration;
import java.util.List;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClientFactory;
import dev.etcdspring.client.EtcdProperties;
import dev.etcdspring.client.PropertiesEtcdConnectionDetails;

/**
 * Clients for tests, built by {@link EtcdClientFactory} as the auto-configuration builds
 * them, to write to or look at etcd from outside the application under test. Close what
 * you create.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdTestClients {

	private EtcdTestClients() {
	}

	/**
	 * Create a client with the default 5 s request timeout.
	 * @param endpoints the endpoints
	 * @return a new client, closing its jetcd client when closed
	 */
	public static DefaultEtcdClient create(List<String> endpoints) {
		return create(endpoints, Duration.ofSeconds(5));
	}

	/**
	 * Create a client for one endpoint with the default 5 s request timeout.
	 * @param endpoint the endpoint
	 * @return a new client, closing its jetcd client when closed
	 */
	public static DefaultEtcdClient create(String endpoint) {
		return create(List.of(endpoint));
	}

	/**
	 * Create a client.
	 * @param endpoints the endpoints
	 * @param requestTimeout the request timeout
	 * @return a new client, closing its jetcd client when closed
	 */
	public static DefaultEtcdClient create(List<String> endpoints, Duration requestTimeout) {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(endpoints);
		properties.setRequestTimeout(requestTimeout);
		return new EtcdClientFactory(new PropertiesEtcdConnectionDetails(properties, null), properties, List.of())
			.createClient();
	}

	/**
	 * Return an endpoint on the loopback address where nothing listens: connections are
	 * refused at once.
	 * @return an unreachable endpoint
	 */
	public static String unreachableEndpoint() {
		return "http://127.0.0.1:" + FreePorts.pick();
	}

}
