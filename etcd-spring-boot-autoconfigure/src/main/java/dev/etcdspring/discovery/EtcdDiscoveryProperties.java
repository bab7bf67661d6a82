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

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Configuration properties for discovery of the services registered in etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@ConfigurationProperties("etcd.discovery")
public class EtcdDiscoveryProperties {

	/**
	 * Whether to provide a DiscoveryClient served from etcd.
	 */
	private boolean enabled = true;

	/**
	 * Root of the registration keys, '{prefix}/{service-name}/{instance-id}'.
	 */
	private String prefix = "/services";

	/**
	 * Return whether discovery is enabled.
	 * @return whether discovery is enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether discovery is enabled.
	 * @param enabled whether discovery is enabled
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the root of the registration keys.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	/**
	 * Set the root of the registration keys.
	 * @param prefix the prefix
	 */
	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * Return the prefix without a trailing slash, starting with one unless empty.
	 * @return the normalized prefix
	 */
	public String normalizedPrefix() {
		String normalized = StringUtils.trimTrailingCharacter(this.prefix.trim(), '/');
		if (normalized.isEmpty()) {
			return "";
		}
		return normalized.startsWith("/") ? normalized : "/" + normalized;
	}

}
