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

package dev.etcdspring.config.refresh;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of configuration refresh: {@code etcd.config.refresh} (timer, tag
 * {@code outcome} = {@code applied} or {@code rejected}), {@code etcd.config.revision}
 * (gauge) and {@code etcd.watch.events} (counter, tag {@code watch} = {@code config}).
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigMetrics implements EtcdConfigRefreshHistory.Observer {

	private final MeterRegistry registry;

	private final Counter events;

	/**
	 * Register the meters.
	 * @param registry the registry
	 * @param history the history whose revision the gauge shows
	 */
	public EtcdConfigMetrics(MeterRegistry registry, EtcdConfigRefreshHistory history) {
		this.registry = registry;
		Gauge.builder("etcd.config.revision", history, EtcdConfigRefreshHistory::revision)
			.description("etcd revision the configuration in force reflects")
			.register(registry);
		this.events = Counter.builder("etcd.watch.events")
			.tag("watch", "config")
			.description("etcd watch events received")
			.register(registry);
	}

	@Override
	public void refreshed(EtcdConfigRefreshHistory.Refresh refresh) {
		Timer.builder("etcd.config.refresh")
			.tag("outcome", refresh.outcome().name().toLowerCase(java.util.Locale.ROOT))
			.description("Time to apply a configuration change from etcd")
			.register(this.registry)
			.record(refresh.duration().toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void eventsReceived(int count) {
		this.events.increment(count);
	}

}
