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

package dev.etcdspring.sample;

import java.time.Duration;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdKeepAlive;
import dev.etcdspring.client.EtcdKeepAliveListener;
import dev.etcdspring.client.EtcdLease;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A key that lives as long as the application: {@code /ns/leased/{app}} is attached to a
 * lease kept alive while the application runs and revoked when it stops, so the key
 * disappears at once on shutdown, or one TTL after a crash.
 *
 * @author etcd-spring-boot-starter authors
 */
@Component
class LeasedKey implements SmartLifecycle, EtcdKeepAliveListener {

	private static final Log logger = LogFactory.getLog(LeasedKey.class);

	private final EtcdClient client;

	private final String key;

	private final Duration ttl;

	private volatile @Nullable EtcdLease lease;

	private volatile @Nullable EtcdKeepAlive keepAlive;

	LeasedKey(EtcdClient client, @Value("/ns/leased/${spring.application.name}") String key,
			@Value("${sample.lease-ttl:10s}") Duration ttl) {
		this.client = client;
		this.key = key;
		this.ttl = ttl;
	}

	@Override
	public void start() {
		try {
			EtcdLease granted = this.client.grantLease(this.ttl);
			this.client.put(this.key, "alive", granted.id());
			this.lease = granted;
			this.keepAlive = this.client.keepAlive(granted.id(), this);
			logger
				.info("Put " + this.key + " with lease " + Long.toHexString(granted.id()) + " (TTL " + this.ttl + ")");
		}
		catch (EtcdException ex) {
			logger.warn("Could not put the leased key " + this.key + ": " + ex.getMessage());
		}
	}

	@Override
	public void onKeepAlive(long leaseId, Duration ttl) {
		if (logger.isDebugEnabled()) {
			logger.debug("Lease " + Long.toHexString(leaseId) + " of " + this.key + " refreshed to " + ttl);
		}
	}

	@Override
	public void onLost(long leaseId) {
		logger.warn("Lease " + Long.toHexString(leaseId) + " of " + this.key + " is lost; the key is gone");
	}

	@Override
	public void stop() {
		EtcdKeepAlive running = this.keepAlive;
		EtcdLease granted = this.lease;
		this.keepAlive = null;
		this.lease = null;
		if (running != null) {
			running.close();
		}
		if (granted != null) {
			try {
				this.client.revokeLease(granted.id());
				logger.info("Revoked lease " + Long.toHexString(granted.id()) + ": " + this.key + " is deleted");
			}
			catch (EtcdException ex) {
				logger.warn("Could not revoke the lease of " + this.key + "; it expires after " + this.ttl);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.lease != null;
	}

}
