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

package dev.etcdspring.actuate;

import java.util.List;
import java.util.Locale;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdSupervisedState;
import dev.etcdspring.client.EtcdSupervisedStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the client's supervised parts (every watch, lease keep-alive and
 * background retry), without per-part tags so their number stays fixed:
 * <ul>
 * <li>{@code etcd.supervised}, tagged {@code state} = {@code starting}, {@code active},
 * {@code retrying} or {@code denied}: how many parts are in that state;</li>
 * <li>{@code etcd.delivery.overflows}: how often a listener fell so far behind that its
 * subscription dropped what it held and resumed from its last delivered revision, summed
 * over the subscriptions open now.</li>
 * </ul>
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdSupervisionMetrics implements MeterBinder {

	private static final List<EtcdSupervisedState> STATES = List.of(EtcdSupervisedState.STARTING,
			EtcdSupervisedState.ACTIVE, EtcdSupervisedState.RETRYING, EtcdSupervisedState.DENIED);

	private final EtcdClient client;

	/**
	 * Create the binder.
	 * @param client the client whose parts are measured
	 */
	public EtcdSupervisionMetrics(EtcdClient client) {
		this.client = client;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (EtcdSupervisedState state : STATES) {
			Gauge.builder("etcd.supervised", this.client, (client) -> count(client, state))
				.description("Watches, lease keep-alives and background retries of the etcd client in a state")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		Gauge.builder("etcd.delivery.overflows", this.client, EtcdSupervisionMetrics::overflows)
			.description("Times a slow listener overflowed the bounded queue of an open etcd subscription")
			.register(registry);
	}

	private static long count(EtcdClient client, EtcdSupervisedState state) {
		return client.supervised().stream().filter((status) -> status.state() == state).count();
	}

	private static long overflows(EtcdClient client) {
		return client.supervised().stream().mapToLong(EtcdSupervisedStatus::overflows).sum();
	}

}
