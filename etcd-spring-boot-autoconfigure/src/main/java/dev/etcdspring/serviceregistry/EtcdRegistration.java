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
import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdspring.discovery.EtcdInstancePayload;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * This application as it registers itself in etcd: the key
 * {@code {discovery-prefix}/{service-id}/{instance-id}} holding the JSON of
 * {@link #toPayload()}. The port may be set once the web server has started; the instance
 * id follows it unless it was configured.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdRegistration implements Registration {

	private final String prefix;

	private final String serviceId;

	private final @Nullable String configuredInstanceId;

	private final String host;

	private final boolean secure;

	private final Map<String, String> metadata;

	private volatile int port;

	private volatile @Nullable String status;

	/**
	 * Create a new instance.
	 * @param prefix the discovery prefix (normalized, without trailing slash)
	 * @param serviceId the service id
	 * @param instanceId the configured instance id, or {@code null} for
	 * {@code {service-id}-{host}-{port}}
	 * @param host the host
	 * @param port the port, {@code 0} until known
	 * @param secure whether HTTPS is used
	 * @param metadata the metadata (copied; customizers may change it before
	 * registration)
	 */
	public EtcdRegistration(String prefix, String serviceId, @Nullable String instanceId, String host, int port,
			boolean secure, Map<String, String> metadata) {
		this.prefix = prefix;
		this.serviceId = serviceId;
		this.configuredInstanceId = instanceId;
		this.host = host;
		this.port = port;
		this.secure = secure;
		this.metadata = new LinkedHashMap<>(metadata);
	}

	@Override
	public String getInstanceId() {
		return (this.configuredInstanceId != null) ? this.configuredInstanceId
				: this.serviceId + "-" + this.host + "-" + this.port;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public String getHost() {
		return this.host;
	}

	@Override
	public int getPort() {
		return this.port;
	}

	/**
	 * Set the port, typically the web server's actual port.
	 * @param port the port
	 */
	public void setPort(int port) {
		this.port = port;
	}

	@Override
	public boolean isSecure() {
		return this.secure;
	}

	@Override
	public URI getUri() {
		return EtcdInstancePayload.uri(getScheme(), getHost(), getPort());
	}

	/**
	 * Return the metadata, modifiable until the registration is written.
	 * @return the metadata
	 */
	@Override
	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	@Override
	public String getScheme() {
		return this.secure ? "https" : "http";
	}

	/**
	 * Return the status written in the payload.
	 * @return the status, {@code UP} unless set otherwise
	 */
	public String getStatus() {
		String status = this.status;
		return (status != null) ? status : EtcdInstancePayload.STATUS_UP;
	}

	/**
	 * Set the status written in the payload; instances not {@code UP} are left out of
	 * discovery.
	 * @param status the status
	 */
	public void setStatus(@Nullable String status) {
		this.status = status;
	}

	/**
	 * Return the registration key.
	 * @return {@code {prefix}/{service-id}/{instance-id}}
	 */
	public String getKey() {
		return this.prefix + "/" + this.serviceId + "/" + getInstanceId();
	}

	/**
	 * Return the payload written to the registration key.
	 * @return the payload
	 */
	public EtcdInstancePayload toPayload() {
		return new EtcdInstancePayload(this.serviceId, getInstanceId(), this.host, this.port, this.secure,
				this.metadata, this.status);
	}

	@Override
	public String toString() {
		return getKey() + " (" + getUri() + ")";
	}

}
