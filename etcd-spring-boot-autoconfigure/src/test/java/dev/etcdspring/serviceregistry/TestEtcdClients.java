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

package dev.etcdspring.serviceregistry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClientFactory;
import dev.etcdspring.client.EtcdProperties;
import dev.etcdspring.client.PropertiesEtcdConnectionDetails;

/**
 * Builds a test's own client to look at etcd from outside the applications.
 *
 * @author etcd-spring-boot-starter authors
 */
final class TestEtcdClients {

	private TestEtcdClients() {
	}

	static DefaultEtcdClient create(List<String> endpoints) {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(endpoints);
		properties.setRequestTimeout(Duration.ofSeconds(5));
		List<URI> uris = PropertiesEtcdConnectionDetails.parseEndpoints(endpoints);
		return new EtcdClientFactory(() -> uris, properties, List.of()).createClient();
	}

}
