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

package dev.etcdspring.health;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClusterStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the etcd cluster: UP with the cluster id, members, leader and revision when a
 * member answers and a leader is known; DOWN with the reason otherwise. Answers within
 * the client's request timeout.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdHealthIndicator extends AbstractHealthIndicator {

	private final EtcdClient client;

	/**
	 * Create a new indicator.
	 * @param client the client to ask
	 */
	public EtcdHealthIndicator(EtcdClient client) {
		super("etcd health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EtcdClusterStatus status = this.client.status();
		builder.withDetail("endpoints", this.client.endpoints())
			.withDetail("clusterId", status.clusterId())
			.withDetail("members", status.members())
			.withDetail("leader", status.leaderId())
			.withDetail("revision", status.revision())
			.withDetail("version", status.version());
		if (status.hasLeader()) {
			builder.up();
		}
		else {
			builder.down().withDetail("error", "the etcd cluster has no leader");
		}
	}

}
