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

package dev.etcdspring.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Measurement only, for the floor variants of bench/startup/run.sh (without the starter):
 * what any configuration import on jetcd must do while the environment is prepared, one
 * jetcd client and one get of the benchmark's key, done here without the starter. Added
 * by {@link StartupBenchmarkApplication} when {@code -Dbench.floor.endpoint} is set; the
 * client stays open, as the starter's does.
 *
 * @author etcd-spring-boot-starter authors
 */
final class JetcdFloor implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private final String endpoint;

	private @Nullable Client client;

	JetcdFloor(String endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (this.client != null) {
			return;
		}
		this.client = Client.builder().endpoints(this.endpoint).build();
		try {
			this.client.getKVClient()
				.get(ByteSequence.from("/config/startup-benchmark/greeting", StandardCharsets.UTF_8))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The floor's get from " + this.endpoint + " failed", ex);
		}
	}

}
