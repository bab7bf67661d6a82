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

import org.jspecify.annotations.Nullable;

/**
 * The etcd server shared by the tests of one JVM: plain (no TLS, no auth), started on
 * first use. Tests must not stop, reconfigure or compact it; those that need to start
 * their own {@link EtcdServer}.
 * <p>
 * From a Spring test (the supplier runs when the context is built): <pre class="code">
 * &#64;SpringBootTest
 * &#64;EtcdIntegrationTest
 * class OrdersTests {
 *
 * 	&#64;DynamicPropertySource
 * 	static void etcd(DynamicPropertyRegistry registry) {
 * 		registry.add("etcd.endpoints", () -&gt; EtcdTestServers.shared().endpoint());
 * 	}
 *
 * }
 * </pre> From a {@code main} on the test class path, for running an application against a
 * throw-away etcd: <pre class="code">
 * public static void main(String[] args) {
 * 	String endpoint = EtcdTestServers.shared().endpoint();
 * 	SpringApplication.from(SampleApplication::main).run("--etcd.endpoints=" + endpoint);
 * }
 * </pre> The server is stopped when the JUnit run ends ({@link EtcdExtension}) and in any
 * case when the JVM exits.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdTestServers {

	private static @Nullable EtcdServer shared;

	private EtcdTestServers() {
	}

	/**
	 * Return the shared server, starting it if needed (again, if it was closed or
	 * stopped).
	 * @return the running shared server
	 */
	public static synchronized EtcdServer shared() {
		EtcdServer current = shared;
		if (current == null || current.isClosed()) {
			current = EtcdServer.builder().name("shared").start();
			shared = current;
		}
		else if (!current.isRunning()) {
			current.start();
		}
		return current;
	}

}
