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

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The sample's HTTP API: the greeting, what discovery sees, and a call to another service
 * by name.
 *
 * @author etcd-spring-boot-starter authors
 */
@RestController
class SampleController {

	private final GreetingProperties greeting;

	private final DiscoveryClient discoveryClient;

	private final RestClient loadBalanced;

	SampleController(GreetingProperties greeting, DiscoveryClient discoveryClient,
			RestClient.Builder loadBalancedRestClientBuilder) {
		this.greeting = greeting;
		this.discoveryClient = discoveryClient;
		this.loadBalanced = loadBalancedRestClientBuilder.build();
	}

	@GetMapping("/greeting")
	Map<String, String> greeting() {
		return Map.of("message", this.greeting.getMessage());
	}

	@GetMapping("/instances/{serviceId}")
	List<Instance> instances(@PathVariable String serviceId) {
		return this.discoveryClient.getInstances(serviceId).stream().map(Instance::of).toList();
	}

	@GetMapping("/call/{serviceId}")
	Map<?, ?> call(@PathVariable String serviceId) {
		// The host part is a service name, resolved by Spring Cloud LoadBalancer.
		return this.loadBalanced.get().uri("http://{serviceId}/greeting", serviceId).retrieve().body(Map.class);
	}

	record Instance(String instanceId, String serviceId, URI uri, Map<String, String> metadata) {

		static Instance of(ServiceInstance instance) {
			return new Instance(instance.getInstanceId(), instance.getServiceId(), instance.getUri(),
					instance.getMetadata());
		}

	}

}
