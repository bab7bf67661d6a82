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
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link EtcdConnectionDetails} read from {@link EtcdProperties}. Endpoints are checked
 * eagerly, so a malformed URL fails startup naming {@code etcd.endpoints}, and so does a
 * URL with credentials ({@code http://user:secret@host:2379}): they would not be used, so
 * {@code etcd.username} and {@code etcd.password} are the only place for them.
 *
 * @author etcd-spring-boot-starter authors
 */
public class PropertiesEtcdConnectionDetails implements EtcdConnectionDetails {

	private final EtcdProperties properties;

	private final List<URI> endpoints;

	private final @Nullable SslBundle sslBundle;

	/**
	 * Create a new instance.
	 * @param properties the properties
	 * @param sslBundles the SSL bundles, required when {@code etcd.ssl.bundle} is set
	 */
	public PropertiesEtcdConnectionDetails(EtcdProperties properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.endpoints = parseEndpoints(properties.getEndpoints());
		this.sslBundle = sslBundle(properties.getSsl().getBundle(), sslBundles);
	}

	@Override
	public List<URI> getEndpoints() {
		return this.endpoints;
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		return this.sslBundle;
	}

	@Override
	public String toString() {
		return "etcd " + this.endpoints + ((getUsername() != null) ? " as " + getUsername() : "");
	}

	/**
	 * Parse and check endpoint URLs.
	 * @param values the configured values
	 * @return the endpoints
	 * @throws InvalidConfigurationPropertyValueException naming {@code etcd.endpoints}
	 * for a value that is not an http(s) URL with a host and port, or that holds
	 * credentials
	 */
	public static List<URI> parseEndpoints(List<String> values) {
		if (values.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("etcd.endpoints", "",
					"At least one etcd endpoint is required, e.g. http://127.0.0.1:2379");
		}
		List<URI> endpoints = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			endpoints.add(parseEndpoint("etcd.endpoints[" + i + "]", values.get(i)));
		}
		return List.copyOf(endpoints);
	}

	static URI parseEndpoint(String property, String value) {
		// Messages show the value without user information: it may hold a password.
		String shown = EtcdEndpointUrls.redacted(value);
		URI uri;
		try {
			uri = new URI(value.trim());
		}
		catch (URISyntaxException ex) {
			// Not ex.getMessage(): it repeats the whole input.
			throw new InvalidConfigurationPropertyValueException(property, shown, "Not a valid URL (" + ex.getReason()
					+ " at index " + ex.getIndex() + "); expected e.g. http://127.0.0.1:2379");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme)) {
			throw new InvalidConfigurationPropertyValueException(property, shown,
					"An etcd endpoint must be an http:// or https:// URL, e.g. http://127.0.0.1:2379");
		}
		if (uri.getRawUserInfo() != null) {
			throw new InvalidConfigurationPropertyValueException(property, shown,
					"Credentials in an etcd endpoint URL are not used. Remove them from the URL (in etcd.endpoints or "
							+ "an etcd: location of spring.config.import) and set etcd.username and etcd.password");
		}
		if (uri.getHost() == null || uri.getPort() < 0) {
			throw new InvalidConfigurationPropertyValueException(property, shown,
					"An etcd endpoint needs a host and a port, e.g. http://127.0.0.1:2379");
		}
		return uri;
	}

	private static @Nullable SslBundle sslBundle(@Nullable String name, @Nullable SslBundles sslBundles) {
		if (name == null || name.isBlank()) {
			return null;
		}
		if (sslBundles == null) {
			throw new InvalidConfigurationPropertyValueException("etcd.ssl.bundle", name,
					"No SSL bundles are available to look it up");
		}
		try {
			return sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException("etcd.ssl.bundle", name,
					"No SSL bundle with that name is configured under spring.ssl.bundle");
		}
	}

}
