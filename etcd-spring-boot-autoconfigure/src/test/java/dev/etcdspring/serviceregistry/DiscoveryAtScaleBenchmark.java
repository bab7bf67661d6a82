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
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdGetResult;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.client.EtcdSupervisedStatus;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.discovery.EtcdDiscoveryClient;
import dev.etcdspring.discovery.EtcdInstancePayload;
import dev.etcdspring.discovery.EtcdInstancePayloadCodec;
import dev.etcdspring.discovery.EtcdServiceInstanceCache;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark harness, not a timed test: discovery with 5,000 instances in 500 services (10
 * each). Prints the startup read of {@link EtcdServiceInstanceCache}, registration in one
 * application → listed in another application's {@link DiscoveryClient} beside a bare
 * jetcd watch on the same prefix in the same run, {@code getInstances} throughput and
 * allocation, the cache's heap per instance, and the in-process cost of applying one
 * watch event at several registry sizes. Lines start with {@code BENCH}. Run with
 * {@code ./mvnw -B -ntp -Pbenchmark -pl etcd-spring-boot-autoconfigure test
 * -Dtest=DiscoveryAtScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("benchmark")
class DiscoveryAtScaleBenchmark {

	private static final int SERVICES = 500;

	private static final int PER_SERVICE = 10;

	private static final int TXN_OPS = 100;

	private static final int EVENTS = 500;

	private static final int WARMUP = 100;

	@Test
	void discoveryAtScale() throws Exception {
		String prefix = TestApps.uniquePrefix();
		try (EtcdServer server = EtcdServer.builder().start();
				Client bare = server.clientBuilder().build();
				DefaultEtcdClient client = EtcdTestClients.create(server.endpoints())) {
			long seedStart = System.nanoTime();
			int seeded = seed(bare, prefix);
			System.out.printf("BENCH seeded %d instances in %d services with %d txns in %.0f ms%n", seeded, SERVICES,
					seeded / TXN_OPS, (System.nanoTime() - seedStart) / 1e6);
			startupRead(client, bare, prefix);
			decoding();
			memory(client, prefix);
			lookups(client, prefix);
			applyCost();
			registrationToDiscovery(server, bare, prefix);
		}
	}

	// Seeding

	private static int seed(Client bare, String prefix) throws Exception {
		List<Op> ops = new ArrayList<>();
		int count = 0;
		for (int s = 0; s < SERVICES; s++) {
			for (int i = 0; i < PER_SERVICE; i++) {
				ops.add(Op.put(bytes(key(prefix, s, i)), bytes(payload(s, i)), PutOption.DEFAULT));
				count++;
				if (ops.size() == TXN_OPS) {
					Txn txn = bare.getKVClient().txn();
					txn.Then(ops.toArray(Op[]::new)).commit().get(10, TimeUnit.SECONDS);
					ops.clear();
				}
			}
		}
		assertThat(ops).isEmpty();
		return count;
	}

	private static String serviceId(int service) {
		return String.format("svc-%03d", service);
	}

	private static String key(String prefix, int service, int instance) {
		return prefix + "/" + serviceId(service) + "/" + instanceId(service, instance);
	}

	private static String instanceId(int service, int instance) {
		return serviceId(service) + "-10.1." + (service % 250) + "." + (instance + 1) + "-8080";
	}

	private static String payload(int service, int instance) {
		return EtcdInstancePayloadCodec.write(new EtcdInstancePayload(serviceId(service), instanceId(service, instance),
				"10.1." + (service % 250) + "." + (instance + 1), 8080, false,
				Map.of("zone", "zone-" + (instance % 3), "version", "1.4." + (service % 7)), null));
	}

	// Startup read

	private static void startupRead(DefaultEtcdClient client, Client bare, String prefix) throws Exception {
		int rounds = 11;
		long[] reads = new long[rounds];
		long[] bareReads = new long[rounds];
		long[] pagedSorted = new long[rounds];
		long[] pagedUnsorted = new long[rounds];
		long[] loads = new long[rounds];
		long[] cpus = new long[rounds];
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		for (int round = 0; round < rounds; round++) {
			long start = System.nanoTime();
			EtcdGetResult result = client.getPrefix(prefix + "/");
			reads[round] = System.nanoTime() - start;
			start = System.nanoTime();
			int bareCount = bare.getKVClient()
				.get(bytes(prefix + "/"), GetOption.builder().isPrefix(true).build())
				.get(10, TimeUnit.SECONDS)
				.getKvs()
				.size();
			bareReads[round] = System.nanoTime() - start;
			assertThat(bareCount).isEqualTo(SERVICES * PER_SERVICE);
			start = System.nanoTime();
			assertThat(pagedGet(bare, prefix + "/", true)).isEqualTo(SERVICES * PER_SERVICE);
			pagedSorted[round] = System.nanoTime() - start;
			start = System.nanoTime();
			assertThat(pagedGet(bare, prefix + "/", false)).isEqualTo(SERVICES * PER_SERVICE);
			pagedUnsorted[round] = System.nanoTime() - start;
			assertThat(result.keyValues()).hasSize(SERVICES * PER_SERVICE);
			EtcdServiceInstanceCache cache = new EtcdServiceInstanceCache(client, prefix, null);
			long cpuBefore = threads.getCurrentThreadCpuTime();
			start = System.nanoTime();
			cache.start();
			loads[round] = System.nanoTime() - start;
			cpus[round] = threads.getCurrentThreadCpuTime() - cpuBefore;
			assertThat(cache.isLoaded()).isTrue();
			assertThat(cache.getInstanceCount()).isEqualTo(SERVICES * PER_SERVICE);
			cache.close();
		}
		System.out.printf(
				"BENCH startup read, new cache start() until loaded (prefix read + decode + index + watch start):"
						+ " first %.1f ms, median of the next %d %.1f ms, min %.1f ms%n",
				loads[0] / 1e6, rounds - 1, median(Arrays.copyOfRange(loads, 1, rounds)) / 1e6,
				Arrays.stream(loads).min().getAsLong() / 1e6);
		System.out.printf(
				"BENCH   of which getPrefix alone (%d keys, pages of 500): first %.1f ms, median of the next %d %.1f ms%n",
				SERVICES * PER_SERVICE, reads[0] / 1e6, rounds - 1, median(Arrays.copyOfRange(reads, 1, rounds)) / 1e6);
		System.out.printf(
				"BENCH   beside it, one bare jetcd prefix get (one request, no paging): first %.1f ms, median of"
						+ " the next %d %.1f ms%n",
				bareReads[0] / 1e6, rounds - 1, median(Arrays.copyOfRange(bareReads, 1, rounds)) / 1e6);
		System.out.printf(
				"BENCH   bare jetcd, pages of 500 at one revision: sorted by key ascending (as getPrefix asked until it dropped the sort) median"
						+ " %.1f ms, without a sort order %.1f ms%n",
				median(Arrays.copyOfRange(pagedSorted, 1, rounds)) / 1e6,
				median(Arrays.copyOfRange(pagedUnsorted, 1, rounds)) / 1e6);
		System.out.printf(
				"BENCH   CPU of the starting thread (response conversion, decode, index): first %.1f ms, median of the"
						+ " next %d %.1f ms%n",
				cpus[0] / 1e6, rounds - 1, median(Arrays.copyOfRange(cpus, 1, rounds)) / 1e6);
	}

	/**
	 * Read a prefix in pages of 500 keys at one revision, as {@code getPrefix} does, with
	 * or without asking for ascending key order; return the number of keys read.
	 */
	private static int pagedGet(Client bare, String prefix, boolean sorted) throws Exception {
		ByteSequence start = bytes(prefix);
		byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
		end[end.length - 1]++;
		ByteSequence from = start;
		long revision = 0;
		int count = 0;
		while (true) {
			GetOption.Builder option = GetOption.builder().withLimit(500).withRange(ByteSequence.from(end));
			if (sorted) {
				option.withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND);
			}
			if (revision > 0) {
				option.withRevision(revision);
			}
			io.etcd.jetcd.kv.GetResponse page = bare.getKVClient().get(from, option.build()).get(10, TimeUnit.SECONDS);
			revision = (revision > 0) ? revision : page.getHeader().getRevision();
			count += page.getKvs().size();
			if (!page.isMore() || page.getKvs().isEmpty()) {
				return count;
			}
			byte[] last = page.getKvs().get(page.getKvs().size() - 1).getKey().getBytes();
			from = ByteSequence.from(Arrays.copyOf(last, last.length + 1));
		}
	}

	// Payload decoding

	private static void decoding() {
		String[] payloads = new String[SERVICES * PER_SERVICE];
		for (int s = 0; s < SERVICES; s++) {
			for (int i = 0; i < PER_SERVICE; i++) {
				payloads[s * PER_SERVICE + i] = payload(s, i);
			}
		}
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long sink = 0;
		for (int round = 0; round < 40; round++) {
			for (String payload : payloads) {
				sink += EtcdInstancePayloadCodec.read(payload).port();
			}
		}
		int rounds = 40;
		long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
		long cpuBefore = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		for (int round = 0; round < rounds; round++) {
			for (String payload : payloads) {
				sink += EtcdInstancePayloadCodec.read(payload).port();
			}
		}
		long elapsed = System.nanoTime() - start;
		long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
		long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
		long calls = (long) rounds * payloads.length;
		assertThat(sink).isPositive();
		System.out.printf(
				"BENCH EtcdInstancePayloadCodec.read (warm, %d-byte payload): %.2f us (%.2f us of CPU) and %.0f bytes"
						+ " allocated a call%n",
				payloads[0].length(), elapsed / 1e3 / calls, cpu / 1e3 / calls, (double) allocated / calls);
	}

	// Memory

	private static void memory(DefaultEtcdClient client, String prefix) {
		int caches = 4;
		long without = usedHeapAfterGc();
		List<EtcdServiceInstanceCache> loaded = new ArrayList<>();
		for (int i = 0; i < caches; i++) {
			EtcdServiceInstanceCache cache = new EtcdServiceInstanceCache(client, prefix, null);
			cache.start();
			loaded.add(cache);
		}
		long with = usedHeapAfterGc();
		long perCache = (with - without) / caches;
		System.out.printf(
				"BENCH heap after GC: %.1f MB without, %.1f MB with %d loaded caches: %.2f MB a cache,"
						+ " %d bytes an instance%n",
				without / 1e6, with / 1e6, caches, perCache / 1e6, perCache / (SERVICES * PER_SERVICE));
		loaded.forEach(EtcdServiceInstanceCache::close);
	}

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			memory.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	// Lookups

	private static void lookups(DefaultEtcdClient client, String prefix) {
		EtcdServiceInstanceCache cache = new EtcdServiceInstanceCache(client, prefix, null);
		cache.start();
		DiscoveryClient discovery = new EtcdDiscoveryClient(cache);
		// A fixed pseudo-random order of the 500 service names, so the lookups are not
		// sequential in the map.
		String[] order = new String[4096];
		long seed = 42;
		for (int i = 0; i < order.length; i++) {
			seed = seed * 6364136223846793005L + 1442695040888963407L;
			order[i] = serviceId((int) ((seed >>> 33) % SERVICES));
		}
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long sink = 0;
		for (int i = 0; i < 5_000_000; i++) {
			sink += discovery.getInstances(order[i & 4095]).size();
		}
		long calls = 0;
		long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
		long cpuBefore = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long deadline = start + TimeUnit.SECONDS.toNanos(3);
		while (System.nanoTime() < deadline) {
			for (int i = 0; i < 10_000; i++) {
				sink += discovery.getInstances(order[i & 4095]).size();
			}
			calls += 10_000;
		}
		long elapsed = System.nanoTime() - start;
		long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
		long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
		assertThat(sink).isPositive();
		System.out.printf(
				"BENCH getInstances through EtcdDiscoveryClient (500 services x 10): %.1f million calls/s on one"
						+ " thread (%.1f million per CPU second), %.4f bytes allocated a call (%d calls)%n",
				calls / (elapsed / 1e9) / 1e6, calls / (cpu / 1e9) / 1e6, (double) allocated / calls, calls);
		cache.close();
	}

	// Applying one event, in process

	private static void applyCost() {
		for (int services : new int[] { 50, 500, 2000 }) {
			applyCost(services);
		}
	}

	/**
	 * Feed a cache (over a client that serves one prefix read and hands out its watch
	 * listener) put/delete pairs of one instance on this thread, and report the time and
	 * the bytes allocated per event, payload decoding included.
	 */
	private static void applyCost(int services) {
		String prefix = "/in-process";
		List<EtcdKeyValue> seeded = new ArrayList<>();
		long revision = 1;
		for (int s = 0; s < services; s++) {
			for (int i = 0; i < PER_SERVICE; i++) {
				seeded.add(keyValue(key(prefix, s, i), payload(s, i), revision++));
			}
		}
		AtomicReference<EtcdWatchListener> listener = new AtomicReference<>();
		EtcdClient client = inProcessClient(new EtcdGetResult(seeded, revision), listener);
		int[] heartbeats = new int[1];
		EtcdServiceInstanceCache cache = new EtcdServiceInstanceCache(client, prefix, (event) -> heartbeats[0]++);
		cache.start();
		int pairs = 2_000;
		EtcdWatchEvent[] events = new EtcdWatchEvent[pairs * 2];
		for (int p = 0; p < pairs; p++) {
			int service = (p * 7919) % services;
			String key = key(prefix, service, PER_SERVICE);
			EtcdKeyValue put = keyValue(key, payload(service, PER_SERVICE), ++revision);
			events[2 * p] = new EtcdWatchEvent(EtcdWatchEvent.Type.PUT, put, null);
			events[2 * p + 1] = new EtcdWatchEvent(EtcdWatchEvent.Type.DELETE, keyValue(key, "", ++revision), null);
		}
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		// Warm up with the same events: a put of a value equal to the one held is not a
		// change, and every delete removes an instance, so each round applies real
		// changes.
		for (int round = 0; round < 5; round++) {
			for (EtcdWatchEvent event : events) {
				listener.get().onEvent(event);
			}
		}
		int rounds = 10;
		int before = heartbeats[0];
		long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
		long cpuBefore = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		for (int round = 0; round < rounds; round++) {
			for (EtcdWatchEvent event : events) {
				listener.get().onEvent(event);
			}
		}
		long elapsed = System.nanoTime() - start;
		long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
		long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
		long applied = (long) rounds * events.length;
		assertThat(heartbeats[0] - before).isEqualTo(applied);
		assertThat(cache.getInstanceCount()).isEqualTo(services * PER_SERVICE);
		System.out.printf(
				"BENCH apply one watch event (put or delete of one instance, decoding included) with %d instances"
						+ " in %d services: %.2f us (%.2f us of CPU) and %.0f bytes allocated an event%n",
				services * PER_SERVICE, services, elapsed / 1e3 / applied, cpu / 1e3 / applied,
				(double) allocated / applied);
		cache.close();
	}

	private static EtcdKeyValue keyValue(String key, String value, long revision) {
		return new EtcdKeyValue(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), revision,
				revision, 1, 0);
	}

	private static EtcdClient inProcessClient(EtcdGetResult result, AtomicReference<EtcdWatchListener> listener) {
		EtcdWatchSubscription subscription = (EtcdWatchSubscription) Proxy.newProxyInstance(
				DiscoveryAtScaleBenchmark.class.getClassLoader(), new Class<?>[] { EtcdWatchSubscription.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "close" -> null;
					case "isActive" -> true;
					case "lastRevision" -> 0L;
					case "status" -> (EtcdSupervisedStatus) null;
					default -> throw new UnsupportedOperationException(method.getName());
				});
		return (EtcdClient) Proxy.newProxyInstance(DiscoveryAtScaleBenchmark.class.getClassLoader(),
				new Class<?>[] { EtcdClient.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "getPrefix":
							return result;
						case "watch":
							listener.set((EtcdWatchListener) args[1]);
							return subscription;
						default:
							throw new UnsupportedOperationException(method.getName());
					}
				});
	}

	// Registration in one app -> listed in another

	private void registrationToDiscovery(EtcdServer server, Client bare, String prefix) throws Exception {
		long startupStart = System.nanoTime();
		try (ConfigurableApplicationContext observer = TestApps.start(server.endpoint(), prefix, "observer",
				"etcd.registration.enabled=false")) {
			System.out.printf(
					"BENCH observer application start with %d registered instances (SpringApplication.run): %.0f ms%n",
					SERVICES * PER_SERVICE, (System.nanoTime() - startupStart) / 1e6);
			try (ConfigurableApplicationContext registrar = TestApps.start(server.endpoint(), prefix, "registrar")) {
				measureRegistrations(observer, registrar, bare, prefix);
			}
		}
	}

	private void measureRegistrations(ConfigurableApplicationContext observer, ConfigurableApplicationContext registrar,
			Client bare, String prefix) throws Exception {
		EtcdServiceRegistry registry = registrar.getBean(EtcdServiceRegistry.class);
		DiscoveryClient discovery = observer.getBean(DiscoveryClient.class);
		assertThat(discovery.getServices()).hasSizeGreaterThanOrEqualTo(SERVICES);
		DiscoveryWaiter waiter = new DiscoveryWaiter(observer);
		try (BareWatch bareWatch = new BareWatch(bare, prefix + "/")) {
			long[] registration = new long[EVENTS];
			long[] sameEvent = new long[EVENTS];
			long[] barePutEvent = new long[EVENTS];
			for (int i = -WARMUP; i < EVENTS; i += 2) {
				int service = Math.floorMod(i * 37, SERVICES);
				String serviceId = serviceId(service);
				EtcdRegistration instance = new EtcdRegistration(prefix, serviceId, "bench-" + (i + WARMUP),
						"127.0.0.1", 10000 + i + WARMUP, false, Map.of());
				String instanceId = instance.getInstanceId();
				long start = System.nanoTime();
				long up = waiter.runUntil((d) -> DiscoveryWaiter.lists(d, serviceId, instanceId),
						() -> registry.register(instance)) - start;
				long upBare = bareWatch.seen("PUT " + instance.getKey()) - start;
				start = System.nanoTime();
				long down = waiter.runUntil((d) -> !DiscoveryWaiter.lists(d, serviceId, instanceId),
						() -> registry.deregister(instance)) - start;
				long downBare = bareWatch.seen("DELETE " + instance.getKey()) - start;
				String bareKey = prefix + "/" + serviceId + "/bare-" + (i + WARMUP);
				String barePayload = EtcdInstancePayloadCodec.write(new EtcdInstancePayload(serviceId,
						"bare-" + (i + WARMUP), "127.0.0.1", 20000 + i + WARMUP, false, Map.of(), null));
				start = System.nanoTime();
				bareWatch.put(bareKey, barePayload);
				long barePut = bareWatch.seen("PUT " + bareKey) - start;
				start = System.nanoTime();
				bareWatch.delete(bareKey);
				long bareDelete = bareWatch.seen("DELETE " + bareKey) - start;
				if (i >= 0) {
					registration[i] = up;
					registration[i + 1] = down;
					sameEvent[i] = upBare;
					sameEvent[i + 1] = downBare;
					barePutEvent[i] = barePut;
					barePutEvent[i + 1] = bareDelete;
				}
			}
			print("registration/deregistration (lease grant + put / revoke) -> another app's DiscoveryClient",
					registration);
			print("  the same registration/deregistration -> bare jetcd watch on the same prefix", sameEvent);
			print("bare jetcd put/delete -> bare jetcd watch on the same prefix", barePutEvent);
			System.out.printf("BENCH p99 ratio, registration -> DiscoveryClient over bare put -> watch: %.2fx%n",
					(double) percentile(registration, 0.99) / percentile(barePutEvent, 0.99));
		}
	}

	private static long median(long[] values) {
		return percentile(values, 0.5);
	}

	private static long percentile(long[] values, double percentile) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (percentile == 0.5) ? sorted.length / 2 : (int) Math.ceil(sorted.length * percentile) - 1;
		return sorted[index];
	}

	private static void print(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("BENCH %s over %d events: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
				percentile(sorted, 0.5) / 1e6, percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	/**
	 * A raw jetcd watch on the discovery prefix, recording when each event arrived.
	 */
	private static final class BareWatch implements AutoCloseable {

		private final Client client;

		private final Watch.Watcher watcher;

		private final Map<String, CompletableFuture<Long>> events = new ConcurrentHashMap<>();

		BareWatch(Client client, String prefix) throws Exception {
			this.client = client;
			long revision = client.getKVClient().get(bytes("/")).get(5, TimeUnit.SECONDS).getHeader().getRevision();
			this.watcher = client.getWatchClient()
				.watch(bytes(prefix), WatchOption.builder().isPrefix(true).withRevision(revision + 1).build(),
						(response) -> {
							long now = System.nanoTime();
							for (WatchEvent event : response.getEvents()) {
								String type = (event.getEventType() == WatchEvent.EventType.PUT) ? "PUT " : "DELETE ";
								future(type + event.getKeyValue().getKey().toString(StandardCharsets.UTF_8))
									.complete(now);
							}
						});
		}

		private CompletableFuture<Long> future(String event) {
			return this.events.computeIfAbsent(event, (key) -> new CompletableFuture<>());
		}

		long seen(String event) throws Exception {
			long at = future(event).get(10, TimeUnit.SECONDS);
			this.events.remove(event);
			return at;
		}

		void put(String key, String value) throws Exception {
			this.client.getKVClient().put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS);
		}

		void delete(String key) throws Exception {
			this.client.getKVClient().delete(bytes(key)).get(5, TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			this.watcher.close();
		}

	}

}
