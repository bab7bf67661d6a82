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

package dev.etcdspring.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@link EtcdTestServers#shared()} feeds {@code @DynamicPropertySource}.
 *
 * @author etcd-spring-boot-starter authors
 */
@SpringJUnitConfig
@EtcdIntegrationTest
class EtcdDynamicPropertySourceTests {

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void etcdProperties(DynamicPropertyRegistry registry) {
		registry.add("etcd.endpoints", () -> EtcdTestServers.shared().endpoint());
	}

	@Test
	void endpointOfTheSharedServerReachesTheEnvironment(EtcdServer etcd) {
		assertThat(this.environment.getProperty("etcd.endpoints")).isEqualTo(etcd.endpoint());
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
