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

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * A {@link ReactiveDiscoveryClient} answering from an {@link EtcdServiceInstanceCache}:
 * no lookup makes a network call or blocks.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private final EtcdServiceInstanceCache cache;

	/**
	 * Create a new instance.
	 * @param cache the cache of registered instances
	 */
	public EtcdReactiveDiscoveryClient(EtcdServiceInstanceCache cache) {
		this.cache = cache;
	}

	@Override
	public String description() {
		return "etcd reactive discovery client";
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return Flux.defer(() -> Flux.fromIterable(this.cache.getInstances(serviceId)));
	}

	@Override
	public Flux<String> getServices() {
		return Flux.defer(() -> Flux.fromIterable(this.cache.getServices()));
	}

	/**
	 * Check that the cache has been loaded from etcd; makes no network call.
	 * @return a {@link Mono} that completes when the registrations have been read, or
	 * fails with an {@link IllegalStateException} if they could not be read yet
	 */
	@Override
	public Mono<Void> reactiveProbe() {
		return Mono.defer(() -> this.cache.isLoaded() ? Mono.empty() : Mono.error(new IllegalStateException(
				"The registrations under " + this.cache.getPrefix() + " could not be read from etcd yet")));
	}

}
