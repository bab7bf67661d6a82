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

package dev.etcdspring.actuate;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdSupervisedStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only {@code etcd} actuator endpoint: the endpoints the client talks to, the
 * state of everything the client keeps connected ({@code supervised}: every watch,
 * keep-alive and background retry) and one section per {@link EtcdStateReporter}
 * (configuration, registration, discovery, watches). Credentials are never shown: user
 * information in endpoint URLs is removed and reporters must not report secrets.
 *
 * @author etcd-spring-boot-starter authors
 */
@Endpoint(id = "etcd")
public class EtcdEndpoint {

	private static final Log logger = LogFactory.getLog(EtcdEndpoint.class);

	private final EtcdClient client;

	private final ObjectProvider<EtcdStateReporter> reporters;

	/**
	 * Create the endpoint.
	 * @param client the etcd client
	 * @param reporters the reporters, asked on every read in their order
	 */
	public EtcdEndpoint(EtcdClient client, ObjectProvider<EtcdStateReporter> reporters) {
		this.client = client;
		this.reporters = reporters;
	}

	/**
	 * Return a snapshot of the starter's state.
	 * @return {@code endpoints}, {@code requestTimeout} and one entry per reporter's
	 * section
	 */
	@ReadOperation
	public Map<String, Object> etcd() {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("endpoints", this.client.endpoints().stream().map(EtcdEndpoint::withoutUserInfo).toList());
		state.put("requestTimeout", this.client.requestTimeout().toString());
		state.put("supervised", this.client.supervised().stream().map(EtcdSupervisedStatus::toMap).toList());
		this.reporters.orderedStream().forEach((reporter) -> state.put(reporter.section(), report(reporter)));
		return state;
	}

	private static Object report(EtcdStateReporter reporter) {
		try {
			return reporter.report();
		}
		catch (RuntimeException ex) {
			logger.warn("Reporting the " + reporter.section() + " section of the etcd endpoint failed", ex);
			return Map.of("error", String.valueOf(ex.getMessage()));
		}
	}

	static String withoutUserInfo(String endpoint) {
		try {
			URI uri = URI.create(endpoint);
			if (uri.getUserInfo() == null) {
				return endpoint;
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
					uri.getFragment())
				.toString();
		}
		catch (Exception ex) {
			// Not a URI: drop anything before an '@', which could hold a secret.
			return endpoint.substring(endpoint.lastIndexOf('@') + 1);
		}
	}

}
