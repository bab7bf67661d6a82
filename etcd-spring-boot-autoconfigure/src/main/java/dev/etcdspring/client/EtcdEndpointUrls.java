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

/**
 * Endpoint URLs as they may be shown in messages, logs and actuator output: without user
 * information, which may hold a password.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdEndpointUrls {

	private static final String HIDDEN = "***";

	private EtcdEndpointUrls() {
	}

	/**
	 * Return the URL without its user information.
	 * @param uri the URL
	 * @return the URL to show
	 */
	static String withoutUserInfo(URI uri) {
		if (uri.getRawUserInfo() == null) {
			return uri.toString();
		}
		try {
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
					uri.getFragment())
				.toString();
		}
		catch (URISyntaxException ex) {
			return redacted(uri.toString());
		}
	}

	/**
	 * Return a configured value, which need not be a valid URL, with everything between
	 * the scheme and the last {@code @} hidden. An endpoint has no other use for
	 * {@code @}, and a password may contain any character, {@code /} and {@code @}
	 * included.
	 * @param value the configured value
	 * @return the value to show
	 */
	static String redacted(String value) {
		int at = value.lastIndexOf('@');
		if (at < 0) {
			return value;
		}
		int slashes = value.indexOf("//");
		int start = (slashes >= 0 && slashes < at) ? slashes + 2 : 0;
		return value.substring(0, start) + HIDDEN + value.substring(at);
	}

}
