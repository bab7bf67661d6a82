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

import org.springframework.cloud.client.ServiceInstance;

/**
 * A {@link ServiceInstance} read from a registration key.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdServiceInstance implements ServiceInstance {

	private final String key;

	private final EtcdInstancePayload payload;

	/**
	 * Made on first use: a {@link URI} and its parts take about a third of the memory of
	 * a cached instance, and most callers only read the host and port.
	 */
	private volatile @Nullable URI uri;

	/**
	 * Create a new instance.
	 * @param key the registration key the payload was read from
	 * @param payload the payload
	 */
	public EtcdServiceInstance(String key, EtcdInstancePayload payload) {
		this.key = key;
		this.payload = payload;
		// Fails here, so that a host no URI can carry is not a valid registration.
		EtcdInstancePayload.uri(getScheme(), getHost(), getPort());
	}

	/**
	 * Return the registration key this instance was read from.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the payload this instance was read from.
	 * @return the payload
	 */
	public EtcdInstancePayload getPayload() {
		return this.payload;
	}

	@Override
	public String getInstanceId() {
		return this.payload.instanceId();
	}

	@Override
	public String getServiceId() {
		return this.payload.serviceId();
	}

	@Override
	public String getHost() {
		return this.payload.host();
	}

	@Override
	public int getPort() {
		return this.payload.port();
	}

	@Override
	public boolean isSecure() {
		return this.payload.secure();
	}

	@Override
	public URI getUri() {
		URI uri = this.uri;
		if (uri == null) {
			uri = EtcdInstancePayload.uri(getScheme(), getHost(), getPort());
			this.uri = uri;
		}
		return uri;
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.payload.metadata();
	}

	@Override
	public String getScheme() {
		return this.payload.secure() ? "https" : "http";
	}

	@Override
	public boolean equals(Object obj) {
		return (this == obj) || (obj instanceof EtcdServiceInstance other && this.key.equals(other.key)
				&& this.payload.equals(other.payload));
	}

	@Override
	public int hashCode() {
		return this.key.hashCode() * 31 + this.payload.hashCode();
	}

	@Override
	public String toString() {
		return this.payload.serviceId() + "/" + this.payload.instanceId() + " at " + getUri();
	}

}
