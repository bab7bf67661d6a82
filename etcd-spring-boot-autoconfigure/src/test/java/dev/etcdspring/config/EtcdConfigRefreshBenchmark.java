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

package dev.etcdspring.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Put-to-bean latency of configuration refresh against a bare watch and Spring Cloud's
 * full {@code ContextRefresher.refresh()}, and startup with 10,000 keys. Prints figures;
 * run with {@code ./mvnw -pl etcd-spring-boot-autoconfigure test -Pbenchmark
 * -Dtest=EtcdConfigRefreshBenchmark}.
 */
@Tag("benchmark")
@EtcdIntegrationTest
class EtcdConfigRefreshBenchmark {

	private static final int CHANGES = 1000;

	@Test
	void refreshLatency(EtcdServer server) throws Exception {
		String root = "/b" + UUID.randomUUID().toString().substring(0, 8);
		try (DefaultEtcdClient etcd = client(server)) {
			etcd.put(root + "/orders/greeting/message", "start");
			try (ConfigurableApplicationContext context = ConfigTestApp.run(server.endpoints(),
					"spring.config.import=etcd:", "etcd.config.prefix=" + root)) {
				ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
				long[] warm = measure(200, (i) -> etcd.put(root + "/orders/greeting/message", "w" + i),
						(i) -> () -> ("w" + i).equals(greeting.getMessage()));
				assertThat(warm).hasSize(200);
				long[] refresh = measure(CHANGES, (i) -> etcd.put(root + "/orders/greeting/message", "v" + i),
						(i) -> () -> ("v" + i).equals(greeting.getMessage()));
				print("etcd starter: put -> rebound @ConfigurationProperties", refresh);
				context.getBean(ConfigTestApp.class);
				ContextRefresher refresher = context.getBean(ContextRefresher.class);
				long[] full = measure(200, (i) -> {
					etcd.put(root + "/orders/unrelated/value", "r" + i);
					refresher.refresh();
				}, (i) -> () -> ("r" + i).equals(context.getBean(ConfigTestApp.OtherProperties.class).getValue()));
				print("Spring Cloud ContextRefresher.refresh(): put -> refresh -> bean (200 changes)", full);
			}
			BlockingQueue<String> events = new ArrayBlockingQueue<>(16);
			try (EtcdWatchSubscription watch = etcd.watch(EtcdWatchOptions.key(root + "/bare"),
					(event) -> events.add(event.value()))) {
				long[] bare = new long[CHANGES];
				for (int i = 0; i < CHANGES; i++) {
					long start = System.nanoTime();
					etcd.put(root + "/bare", "b" + i);
					String value = events.poll(10, TimeUnit.SECONDS);
					bare[i] = System.nanoTime() - start;
					assertThat(value).isEqualTo("b" + i);
				}
				print("bare EtcdClient watch: put -> event", bare);
			}
		}
	}

	@Test
	void startupWith10000Keys(EtcdServer server) {
		String root = "/s" + UUID.randomUUID().toString().substring(0, 8);
		try (DefaultEtcdClient etcd = client(server)) {
			for (int i = 0; i < 10_000; i++) {
				etcd.put(root + "/orders/bulk/key" + i, "value-" + i);
			}
			long[] times = new long[3];
			for (int run = 0; run < times.length; run++) {
				long start = System.nanoTime();
				try (ConfigurableApplicationContext context = ConfigTestApp.run(server.endpoints(),
						"spring.config.import=etcd:", "etcd.config.prefix=" + root)) {
					times[run] = System.nanoTime() - start;
					assertThat(context.getEnvironment().getProperty("bulk.key9999")).isEqualTo("value-9999");
				}
				long emptyStart = System.nanoTime();
				try (ConfigurableApplicationContext context = ConfigTestApp.run(server.endpoints(),
						"spring.config.import=etcd:", "etcd.config.prefix=" + root + "-empty")) {
					System.out.printf("BENCH startup run %d: 10,000 keys %.0f ms, empty context %.0f ms%n", run,
							times[run] / 1e6, (System.nanoTime() - emptyStart) / 1e6);
				}
			}
		}
	}

	private static DefaultEtcdClient client(EtcdServer server) {
		return EtcdTestClients.create(server.endpoints());
	}

	interface Step {

		void run(int i) throws Exception;

	}

	private static long[] measure(int count, Step put, java.util.function.IntFunction<Supplier<Boolean>> done)
			throws Exception {
		long[] nanos = new long[count];
		for (int i = 0; i < count; i++) {
			Supplier<Boolean> condition = done.apply(i);
			long start = System.nanoTime();
			put.run(i);
			long deadline = start + Duration.ofSeconds(10).toNanos();
			while (!condition.get() && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			nanos[i] = System.nanoTime() - start;
			assertThat(condition.get()).isTrue();
		}
		return nanos;
	}

	private static void print(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("BENCH %s: n=%d p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
				sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99) - 1] / 1e6,
				sorted[sorted.length - 1] / 1e6);
	}

}
