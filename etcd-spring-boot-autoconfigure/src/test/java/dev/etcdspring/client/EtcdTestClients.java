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

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Builds clients for integration tests the way the auto-configuration does.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdTestClients {

	private EtcdTestClients() {
	}

	static DefaultEtcdClient create(String endpoint) {
		return create(List.of(endpoint), Duration.ofSeconds(5));
	}

	static DefaultEtcdClient create(List<String> endpoints, Duration requestTimeout) {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(endpoints);
		properties.setRequestTimeout(requestTimeout);
		List<URI> uris = PropertiesEtcdConnectionDetails.parseEndpoints(endpoints);
		return new EtcdClientFactory(() -> uris, properties, List.of()).createClient();
	}

}
