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

import dev.etcdspring.test.EtcdServer;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the sample against an etcd on 127.0.0.1:2379 (or the port of
 * {@code -Dsample.etcd.port}), the one that answers there or one started there for this
 * run (stopped when the JVM exits, once the application is closed), so that
 * {@code etcdctl} in another terminal reaches it:
 * {@code ./mvnw -pl sample-app spring-boot:test-run}. Once the application has started,
 * one line says which etcd it uses and what to try.
 *
 * @author etcd-spring-boot-starter authors
 * @see SampleEtcd
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		SampleEtcd etcd = SampleEtcd.forPort(Integer.getInteger("sample.etcd.port", SampleEtcd.DEFAULT_PORT));
		EtcdServer started = etcd.started();
		if (started != null) {
			// Stopped once the application is closed (its lease revoked), not alongside.
			started.closeAtExitWith(SpringApplication.getShutdownHandlers()::add);
		}
		System.setProperty("etcd.endpoints", etcd.endpoint());
		ConfigurableApplicationContext context = SpringApplication.from(SampleApplication::main)
			.run(args)
			.getApplicationContext();
		String port = context.getEnvironment().getProperty("local.server.port", "8080");
		System.out
			.println("etcd for the sample: " + etcd.endpoint() + " (" + etcd.origin() + "). Try: " + etcd.etcdctl()
					+ " put /config/sample/greeting/message hi, then curl localhost:" + port + "/greeting");
	}

}
