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

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test application at the shared test etcd before configuration data is loaded,
 * so that an {@code etcd:} import uses it. Values from {@code @DynamicPropertySource}
 * arrive too late for imports (Spring Boot processes configuration data first), so a
 * {@code @SpringBootTest} opts in with a static property instead: <pre class="code">
 * &#64;SpringBootTest(properties = "etcd.test.shared-server=true")
 * </pre> {@code etcd.endpoints} is then the shared server's endpoint, taking precedence
 * over application files. Applications that do not set the property are left alone.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdTestServerEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * The property that opts in.
	 */
	public static final String PROPERTY = "etcd.test.shared-server";

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER - 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty(PROPERTY, Boolean.class, false)) {
			String endpoint = EtcdTestServers.shared().endpoint();
			environment.getPropertySources()
				.addFirst(new MapPropertySource("etcdTestServer", Map.of("etcd.endpoints", endpoint)));
		}
	}

}
