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
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Details required to connect to etcd. The default comes from {@code etcd.*} properties;
 * a bean of this type (for example from a Testcontainers {@code @ServiceConnection})
 * replaces them.
 *
 * @author etcd-spring-boot-starter authors
 */
public interface EtcdConnectionDetails extends ConnectionDetails {

	/**
	 * Return the client URLs of the etcd members.
	 * @return the endpoints
	 */
	List<URI> getEndpoints();

	/**
	 * Return the login user, if etcd authentication is used.
	 * @return the user name or {@code null}
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * Return the login password, if etcd authentication is used.
	 * @return the password or {@code null}
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * Return the SSL bundle for TLS, if any.
	 * @return the SSL bundle or {@code null}
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
