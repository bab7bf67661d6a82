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

package dev.etcdspring.discovery;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON value of a registration key: what other applications see of an instance.
 * {@code status} is an addition to the documented payload, written by
 * {@code ServiceRegistry.setStatus}; unknown fields are ignored when reading, so newer
 * writers may add more.
 *
 * @param serviceId the service the instance belongs to
 * @param instanceId the instance's id, unique within the service
 * @param host the host others reach it at
 * @param port the port others reach it at
 * @param secure whether it is reached over HTTPS
 * @param metadata free-form metadata
 * @param status the status set through the service registry, or {@code null} for
 * {@code UP}
 * @author etcd-spring-boot-starter authors
 */
public record EtcdInstancePayload(String serviceId, String instanceId, String host, int port, boolean secure,
		Map<String, String> metadata, @Nullable String status) {

	/**
	 * The status of an instance that takes traffic.
	 */
	public static final String STATUS_UP = "UP";

	/**
	 * Create a new instance.
	 * @param serviceId the service id
	 * @param instanceId the instance id
	 * @param host the host
	 * @param port the port
	 * @param secure whether HTTPS is used
	 * @param metadata the metadata
	 * @param status the status
	 */
	public EtcdInstancePayload {
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/**
	 * Return the URI of an instance.
	 * @param scheme the scheme
	 * @param host the host; an IPv6 address is bracketed
	 * @param port the port
	 * @return the URI
	 */
	public static URI uri(String scheme, String host, int port) {
		String authority = (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
		return URI.create(scheme + "://" + authority + ":" + port);
	}

	/**
	 * Return whether the instance takes traffic: its status is absent or {@code UP}.
	 * @return whether the instance is up
	 */
	public boolean isUp() {
		return this.status == null || STATUS_UP.equalsIgnoreCase(this.status);
	}

}
