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

package dev.etcdspring.serviceregistry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * For the discovery benchmarks: when an application's {@link DiscoveryClient} first shows
 * a change, checked on each of its {@link HeartbeatEvent}s.
 */
final class DiscoveryWaiter {

	private volatile Predicate<DiscoveryClient> awaited = (discovery) -> false;

	private volatile CompletableFuture<Long> seen = new CompletableFuture<>();

	DiscoveryWaiter(ConfigurableApplicationContext observer) {
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		observer.addApplicationListener((ApplicationListener<HeartbeatEvent>) (event) -> {
			if (this.awaited.test(discovery)) {
				this.seen.complete(System.nanoTime());
			}
		});
	}

	/**
	 * Run an action and wait until the discovery client satisfies a condition.
	 * @param condition the condition
	 * @param action what changes the registry
	 * @return the {@link System#nanoTime()} of the heartbeat that first satisfied it
	 * @throws Exception when it is not satisfied within 10 seconds
	 */
	long runUntil(Predicate<DiscoveryClient> condition, Runnable action) throws Exception {
		this.seen = new CompletableFuture<>();
		this.awaited = condition;
		action.run();
		long end = this.seen.get(10, TimeUnit.SECONDS);
		this.awaited = (discovery) -> false;
		return end;
	}

	/**
	 * Whether the discovery client lists an instance.
	 * @param discovery the discovery client
	 * @param serviceId the instance's service
	 * @param instanceId the instance
	 * @return whether it is listed
	 */
	static boolean lists(DiscoveryClient discovery, String serviceId, String instanceId) {
		for (ServiceInstance instance : discovery.getInstances(serviceId)) {
			if (instance.getInstanceId().equals(instanceId)) {
				return true;
			}
		}
		return false;
	}

}
