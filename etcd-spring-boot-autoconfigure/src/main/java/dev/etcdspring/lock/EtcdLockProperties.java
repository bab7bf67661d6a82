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

package dev.etcdspring.lock;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for distributed locks in etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@ConfigurationProperties("etcd.lock")
public class EtcdLockProperties {

	/**
	 * Whether to provide an etcd lock registry when Spring Integration is on the class
	 * path.
	 */
	private boolean enabled = true;

	/**
	 * Root of the lock keys: a lock named 'orders' is held by the key with the lowest
	 * create revision under '{prefix}/orders/'.
	 */
	private String prefix = "/locks";

	/**
	 * Time to live of the lease a held or awaited lock key is attached to. The lease is
	 * kept alive while the application runs; when the application dies, its locks are
	 * released after this time. etcd counts in whole seconds.
	 */
	private Duration ttl = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

}
