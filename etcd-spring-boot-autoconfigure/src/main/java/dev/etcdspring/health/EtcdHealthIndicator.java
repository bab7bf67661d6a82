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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClusterStatus;
import dev.etcdspring.client.EtcdSupervisedState;
import dev.etcdspring.client.EtcdSupervisedStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the etcd cluster: UP with the cluster id, members, leader and revision when a
 * member answers and a leader is known; DOWN with the reason otherwise. Answers within
 * the client's request timeout.
 * <p>
 * The details also count the client's supervised parts (watches, lease keep-alives and
 * background retries) by state ({@code supervised}) and list every part that is not
 * delivering ({@code degraded}): retrying, refused by etcd, or still starting after the
 * request timeout. A degraded part does not change the status: restarting the application
 * would not bring a refused watch back, and a retrying one recovers on its own.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdHealthIndicator extends AbstractHealthIndicator {

	private static final List<EtcdSupervisedState> COUNTED_STATES = List.of(EtcdSupervisedState.STARTING,
			EtcdSupervisedState.ACTIVE, EtcdSupervisedState.RETRYING, EtcdSupervisedState.DENIED);

	private final EtcdClient client;

	private final Clock clock;

	/**
	 * Create a new indicator.
	 * @param client the client to ask
	 */
	public EtcdHealthIndicator(EtcdClient client) {
		this(client, Clock.systemUTC());
	}

	EtcdHealthIndicator(EtcdClient client, Clock clock) {
		super("etcd health check failed");
		this.client = client;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("endpoints", this.client.endpoints());
		try {
			EtcdClusterStatus status = this.client.status();
			builder.withDetail("clusterId", status.clusterId())
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
		finally {
			// Also when etcd does not answer: then the parts say what is retrying.
			addSupervised(builder);
		}
	}

	private void addSupervised(Health.Builder builder) {
		List<EtcdSupervisedStatus> statuses = this.client.supervised();
		Map<String, Integer> counts = new LinkedHashMap<>();
		COUNTED_STATES.forEach((state) -> counts.put(state.name().toLowerCase(Locale.ROOT), 0));
		List<Map<String, Object>> degraded = new ArrayList<>();
		Instant startingTooLong = this.clock.instant().minus(startingGrace());
		for (EtcdSupervisedStatus status : statuses) {
			counts.computeIfPresent(status.state().name().toLowerCase(Locale.ROOT), (state, count) -> count + 1);
			if (isDegraded(status, startingTooLong)) {
				degraded.add(describe(status));
			}
		}
		builder.withDetail("supervised", counts).withDetail("degraded", degraded);
	}

	/**
	 * A part may take one request to be confirmed by etcd; only one starting for longer
	 * than that is reported.
	 */
	private Duration startingGrace() {
		return this.client.requestTimeout();
	}

	private static boolean isDegraded(EtcdSupervisedStatus status, Instant startingTooLong) {
		return switch (status.state()) {
			case RETRYING, DENIED -> true;
			case STARTING -> status.since().isBefore(startingTooLong);
			case ACTIVE, CLOSED -> false;
		};
	}

	private static Map<String, Object> describe(EtcdSupervisedStatus status) {
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("name", status.name());
		part.put("state", status.state().name());
		part.put("since", status.since().toString());
		part.put("consecutiveFailures", status.consecutiveFailures());
		if (status.lastError() != null) {
			part.put("lastError", status.lastError());
		}
		return part;
	}

}
