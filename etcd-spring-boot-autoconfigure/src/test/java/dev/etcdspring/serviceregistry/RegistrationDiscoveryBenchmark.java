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

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.etcdspring.discovery.EtcdServiceInstanceCache;
import dev.etcdspring.test.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark harness, not a timed test: latency from a registration (or graceful
 * deregistration) in one application to its visibility in another application's
 * {@link DiscoveryClient}, beside a bare jetcd watch measured in the same run; and
 * {@code getInstances} throughput and allocation from the cache. Run with
 * {@code ./mvnw -B -Pbenchmark -pl etcd-spring-boot-autoconfigure verify
 * -Dtest=RegistrationDiscoveryBenchmark}.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("benchmark")
class RegistrationDiscoveryBenchmark {

	private static final int EVENTS = 500;

	private static final int WARMUP = 100;

	@Test
	void registrationToDiscoveryLatencyAndLookupThroughput() throws Exception {
		String prefix = TestApps.uniquePrefix();
		try (EtcdServer server = EtcdServer.builder().start();
				ConfigurableApplicationContext registrar = TestApps.start(server.endpoint(), prefix, "registrar");
				ConfigurableApplicationContext observer = TestApps.start(server.endpoint(), prefix, "observer",
						"etcd.registration.enabled=false");
				Client bare = server.clientBuilder().build()) {
			EtcdServiceRegistry registry = registrar.getBean(EtcdServiceRegistry.class);
			DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
			DiscoveryWaiter waiter = new DiscoveryWaiter(observer);
			BareWatch bareWatch = new BareWatch(bare, "/bench-bare/");
			long[] registration = new long[EVENTS];
			long[] bareLatency = new long[EVENTS];
			for (int i = -WARMUP; i < EVENTS; i += 2) {
				EtcdRegistration instance = new EtcdRegistration(prefix, "bench", "bench-" + (i + WARMUP), "127.0.0.1",
						10000 + i + WARMUP, false, Map.of());
				String instanceId = instance.getInstanceId();
				long up = measure(waiter, (d) -> DiscoveryWaiter.lists(d, "bench", instanceId),
						() -> registry.register(instance));
				long down = measure(waiter, (d) -> !DiscoveryWaiter.lists(d, "bench", instanceId),
						() -> registry.deregister(instance));
				String bareKey = "k" + i;
				long barePut = bareWatch.measure(() -> bareWatch.put(bareKey));
				long bareDelete = bareWatch.measure(() -> bareWatch.delete(bareKey));
				if (i >= 0) {
					registration[i] = up;
					registration[i + 1] = down;
					bareLatency[i] = barePut;
					bareLatency[i + 1] = bareDelete;
				}
			}
			bareWatch.close();
			print("registration/deregistration -> DiscoveryClient", registration);
			print("bare jetcd watch (put/delete -> listener)", bareLatency);
			lookupThroughput(observer.getBean(EtcdServiceInstanceCache.class), discovery, registry, prefix);
		}
	}

	private static long measure(DiscoveryWaiter waiter, Predicate<DiscoveryClient> condition, Runnable action)
			throws Exception {
		long start = System.nanoTime();
		return waiter.runUntil(condition, action) - start;
	}

	private void lookupThroughput(EtcdServiceInstanceCache cache, DiscoveryClient discovery,
			EtcdServiceRegistry registry, String prefix) {
		for (int s = 0; s < 20; s++) {
			for (int i = 0; i < 3; i++) {
				registry.register(new EtcdRegistration(prefix, "svc-" + s, null, "127.0.0.1", 20000 + s * 10 + i, false,
						Map.of()));
			}
		}
		while (cache.getInstanceCount() < 61) {
			Thread.onSpinWait();
		}
		String[] services = new String[20];
		for (int s = 0; s < services.length; s++) {
			services[s] = "svc-" + s;
		}
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long sink = 0;
		for (int i = 0; i < 5_000_000; i++) {
			sink += discovery.getInstances(services[i % services.length]).size();
		}
		long calls = 0;
		long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
		long start = System.nanoTime();
		long deadline = start + TimeUnit.SECONDS.toNanos(3);
		while (System.nanoTime() < deadline) {
			for (int i = 0; i < 10_000; i++) {
				List<ServiceInstance> instances = discovery.getInstances(services[i % services.length]);
				sink += instances.size();
			}
			calls += 10_000;
		}
		long elapsed = System.nanoTime() - start;
		long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
		assertThat(sink).isPositive();
		System.out.printf(
				"getInstances from the cache: %.1f million calls/s on one thread, %.3f bytes allocated"
						+ " per call (%d calls, 20 services x 3 instances)%n",
				calls / (elapsed / 1e9) / 1e6, (double) allocated / calls, calls);
	}

	private static void print(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("%s over %d events: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
				sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
				sorted[sorted.length - 1] / 1e6);
	}

	/**
	 * A raw jetcd watch on a prefix of its own, as the baseline.
	 */
	private static final class BareWatch implements AutoCloseable {

		private final Client client;

		private final String prefix;

		private final Watch.Watcher watcher;

		private volatile CompletableFuture<Long> event = new CompletableFuture<>();

		BareWatch(Client client, String prefix) throws Exception {
			this.client = client;
			this.prefix = prefix;
			long revision = client.getKVClient().get(bytes("/")).get(5, TimeUnit.SECONDS).getHeader().getRevision();
			this.watcher = client.getWatchClient()
				.watch(bytes(prefix), WatchOption.builder().isPrefix(true).withRevision(revision + 1).build(),
						(response) -> this.event.complete(System.nanoTime()));
		}

		long measure(ThrowingRunnable action) {
			try {
				this.event = new CompletableFuture<>();
				long start = System.nanoTime();
				action.run();
				return this.event.get(10, TimeUnit.SECONDS) - start;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		void put(String key) throws Exception {
			this.client.getKVClient()
				.put(bytes(this.prefix + key), bytes("{\"serviceId\":\"bare\"}"))
				.get(5, TimeUnit.SECONDS);
		}

		void delete(String key) throws Exception {
			this.client.getKVClient().delete(bytes(this.prefix + key)).get(5, TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			this.watcher.close();
		}

		private static ByteSequence bytes(String text) {
			return ByteSequence.from(text, StandardCharsets.UTF_8);
		}

	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

}
