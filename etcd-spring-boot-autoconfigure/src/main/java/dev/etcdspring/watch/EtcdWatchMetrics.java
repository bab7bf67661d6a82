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

package dev.etcdspring.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the {@link EtcdWatch @EtcdWatch} methods, tagged with
 * {@code method} and {@code key}:
 * <ul>
 * <li>{@code etcd.watch.method.events}: changes delivered to the method;</li>
 * <li>{@code etcd.watch.method.failures}: calls of the method that threw;</li>
 * <li>{@code etcd.watch.method.compactions}: times etcd compacted revisions before the
 * method saw them;</li>
 * <li>{@code etcd.watch.method.revision}: the last revision delivered.</li>
 * </ul>
 * Methods registered after binding (e.g. of {@code @RefreshScope} beans) get their meters
 * when registered.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdWatchMetrics implements MeterBinder {

	private final EtcdWatchMethodRegistry registry;

	private final Map<EtcdWatchMethod, List<Meter>> meters = new ConcurrentHashMap<>();

	/**
	 * Create the binder.
	 * @param registry the registry of watch methods
	 */
	public EtcdWatchMetrics(EtcdWatchMethodRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		this.registry.onRegistration((method) -> bind(method, meterRegistry));
		// A re-created bean registers meters with the same tags: drop the old ones, which
		// would otherwise keep reading the destroyed bean's method.
		this.registry.onUnregistration((method) -> {
			List<Meter> removed = this.meters.remove(method);
			if (removed != null) {
				removed.forEach(meterRegistry::remove);
			}
		});
	}

	private void bind(EtcdWatchMethod method, MeterRegistry meterRegistry) {
		Tags tags = Tags.of("method", method.method(), "key", method.key());
		List<Meter> bound = new ArrayList<>();
		bound.add(FunctionCounter.builder("etcd.watch.method.events", method, EtcdWatchMethod::eventsDelivered)
			.description("Changes delivered to an @EtcdWatch method")
			.tags(tags)
			.register(meterRegistry));
		bound.add(FunctionCounter.builder("etcd.watch.method.failures", method, EtcdWatchMethod::failures)
			.description("Calls of an @EtcdWatch method that threw an exception")
			.tags(tags)
			.register(meterRegistry));
		bound.add(FunctionCounter.builder("etcd.watch.method.compactions", method, EtcdWatchMethod::compactions)
			.description("Times etcd compacted revisions before an @EtcdWatch method saw them")
			.tags(tags)
			.register(meterRegistry));
		bound.add(Gauge.builder("etcd.watch.method.revision", method, EtcdWatchMethod::lastRevision)
			.description("Revision of the last change delivered to an @EtcdWatch method")
			.tags(tags)
			.register(meterRegistry));
		this.meters.put(method, List.copyOf(bound));
	}

}
