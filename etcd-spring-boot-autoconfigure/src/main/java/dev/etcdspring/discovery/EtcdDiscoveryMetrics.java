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

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the discovery cache's metrics: {@code etcd.discovery.instances}, the number of
 * instances taking traffic across all services.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdDiscoveryMetrics implements MeterBinder {

	private final EtcdServiceInstanceCache cache;

	/**
	 * Create a new instance.
	 * @param cache the cache to measure
	 */
	public EtcdDiscoveryMetrics(EtcdServiceInstanceCache cache) {
		this.cache = cache;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("etcd.discovery.instances", this.cache, EtcdServiceInstanceCache::getInstanceCount)
			.description("Instances taking traffic in the etcd discovery cache")
			.register(registry);
	}

}
