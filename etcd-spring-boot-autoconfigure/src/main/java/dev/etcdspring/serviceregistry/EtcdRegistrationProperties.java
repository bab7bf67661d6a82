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

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties for registering the application in etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@ConfigurationProperties("etcd.registration")
public class EtcdRegistrationProperties {

	/**
	 * Whether the application registers itself.
	 */
	private boolean enabled = true;

	/**
	 * Name of the service the application registers as, when it is not
	 * 'spring.application.name'.
	 */
	private @Nullable String serviceName;

	/**
	 * Id of this instance, unique within the service, when it is not
	 * '{service-name}-{host}-{port}'.
	 */
	private @Nullable String instanceId;

	/**
	 * Host other applications reach this one at. Detected when not set.
	 */
	private @Nullable String host;

	/**
	 * Port other applications reach this one at, when it is not the web server's port.
	 */
	private @Nullable Integer port;

	/**
	 * Whether to register the IP address rather than the host name when the host is
	 * detected.
	 */
	private boolean preferIpAddress;

	/**
	 * Whether other applications reach this one over HTTPS.
	 */
	private boolean secure;

	/**
	 * Metadata published with the registration.
	 */
	private Map<String, String> metadata = new LinkedHashMap<>();

	/**
	 * Time to live of the registration's lease: a crashed instance disappears after it.
	 * Whole seconds, at least one; etcd grants at least its minimum lease TTL (2 seconds
	 * with its default election timeout). A number without a unit means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration ttl = Duration.ofSeconds(10);

	/**
	 * Return whether the application registers itself.
	 * @return whether registration is enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether the application registers itself.
	 * @param enabled whether registration is enabled
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the service name.
	 * @return the service name, or {@code null} for the application name
	 */
	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	/**
	 * Set the service name.
	 * @param serviceName the service name
	 */
	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	/**
	 * Return the instance id.
	 * @return the instance id, or {@code null} for the default
	 */
	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * Set the instance id.
	 * @param instanceId the instance id
	 */
	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	/**
	 * Return the host.
	 * @return the host, or {@code null} to detect it
	 */
	public @Nullable String getHost() {
		return this.host;
	}

	/**
	 * Set the host.
	 * @param host the host
	 */
	public void setHost(@Nullable String host) {
		this.host = host;
	}

	/**
	 * Return the port.
	 * @return the port, or {@code null} for the web server's port
	 */
	public @Nullable Integer getPort() {
		return this.port;
	}

	/**
	 * Set the port.
	 * @param port the port
	 */
	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	/**
	 * Return whether the IP address is registered rather than the host name.
	 * @return whether to prefer the IP address
	 */
	public boolean isPreferIpAddress() {
		return this.preferIpAddress;
	}

	/**
	 * Set whether the IP address is registered rather than the host name.
	 * @param preferIpAddress whether to prefer the IP address
	 */
	public void setPreferIpAddress(boolean preferIpAddress) {
		this.preferIpAddress = preferIpAddress;
	}

	/**
	 * Return whether the application is reached over HTTPS.
	 * @return whether it is secure
	 */
	public boolean isSecure() {
		return this.secure;
	}

	/**
	 * Set whether the application is reached over HTTPS.
	 * @param secure whether it is secure
	 */
	public void setSecure(boolean secure) {
		this.secure = secure;
	}

	/**
	 * Return the metadata.
	 * @return the metadata
	 */
	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	/**
	 * Set the metadata.
	 * @param metadata the metadata
	 */
	public void setMetadata(Map<String, String> metadata) {
		this.metadata = metadata;
	}

	/**
	 * Return the lease time to live.
	 * @return the time to live
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	/**
	 * Set the lease time to live.
	 * @param ttl the time to live
	 */
	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

}
