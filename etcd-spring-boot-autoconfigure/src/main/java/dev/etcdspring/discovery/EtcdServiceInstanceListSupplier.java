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

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * A Spring Cloud LoadBalancer {@link ServiceInstanceListSupplier} reading the
 * {@link EtcdServiceInstanceCache} on every request. The cache is already kept current by
 * a watch, so there is no second cache in between: an instance that went away is not
 * chosen again once etcd reported it gone.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	private final EtcdServiceInstanceCache cache;

	private final String serviceId;

	private final @Nullable DiscoveryClient fallback;

	/**
	 * Create a new instance.
	 * @param cache the cache of registered instances
	 * @param serviceId the service whose instances are supplied
	 * @param fallback the discovery client asked when etcd has no instance of the service
	 * (typically the composite of all discovery clients), or {@code null}
	 */
	public EtcdServiceInstanceListSupplier(EtcdServiceInstanceCache cache, String serviceId,
			@Nullable DiscoveryClient fallback) {
		this.cache = cache;
		this.serviceId = serviceId;
		this.fallback = fallback;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return Flux.defer(() -> {
			List<ServiceInstance> instances = this.cache.getInstances(this.serviceId);
			DiscoveryClient fallback = this.fallback;
			if (!instances.isEmpty() || fallback == null) {
				return Flux.just(instances);
			}
			return Mono.fromCallable(() -> fallback.getInstances(this.serviceId))
				.subscribeOn(Schedulers.boundedElastic())
				.flux();
		});
	}

}
