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

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.config.refresh.EtcdConfigRefreshHistory;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.cloud.logging.LoggingRebinder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Put-to-bean latency of configuration refresh against a bare watch and Spring Cloud's
 * full {@code ContextRefresher.refresh()}, startup with 10,000 keys, and how refresh,
 * startup and memory grow with the size of the context ({@link #growth}). Prints figures;
 * run with {@code ./mvnw -pl etcd-spring-boot-autoconfigure test -Pbenchmark
 * -Dtest=EtcdConfigRefreshBenchmark}.
 */
@Tag("benchmark")
@EtcdIntegrationTest
class EtcdConfigRefreshBenchmark {

	private static final int CHANGES = 1000;

	/**
	 * Changes before the timed ones, on every path. Each sample is a new application
	 * context, whose code the JIT compiles again: with 300, the compilers still took 250
	 * to 400 ms of the next 500 changes, which lifted the refresh path's tail; by 2,000
	 * they have settled (the JIT column of each round says so).
	 */
	private static final int WARM_UP = Integer.getInteger("bench.warm-up", 2000);

	private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("bench.pause-ms", 2));

	/**
	 * With {@code -Dbench.key-set=true} every change of {@link #growth} also adds or
	 * removes a key of the context (in turn, in the same transaction as the timed put),
	 * so that each one changes the context's set of names, not only a value.
	 */
	private static final boolean KEY_SET = Boolean.getBoolean("bench.key-set");

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

	/**
	 * Refresh latency (put to the value visible in a rebound bean), startup and heap per
	 * key with 10, 1,000, 10,000 and 50,000 extra keys in the application's context,
	 * beside a bare jetcd watch (put to the event in its listener, the watch on the
	 * putting client and on another client, as an application's is, and on another client
	 * with the event handed to a thread of its own, the least a path pays that works off
	 * jetcd's callback thread) measured in the same round. For each context size two more
	 * rows split the refresh: put to the event on the application's own jetcd client (a
	 * watch of the benchmark's on the connection the configuration watch uses, so etcd's,
	 * the network's and gRPC's share), and from that event to the bean (the starter's
	 * own). Rounds: {@code -Dbench.rounds} (3); changes per size and round:
	 * {@code -Dbench.changes} (300, after {@code -Dbench.warm-up} (2,000) to warm up,
	 * each change once the last one was applied as a whole and {@code -Dbench.pause-ms}
	 * (2) later); sizes: {@code -Dbench.sizes} ({@code 10,1000,10000,50000});
	 * {@code -Dbench.logging-rebinder=false} replaces Spring Cloud's
	 * {@code LoggingRebinder} by one that does nothing, to tell its share. The time a
	 * change is visible is taken in the bean's setter, as the bare watch's is in its
	 * listener, and the waiting thread blocks in both (polling the bean, even with a
	 * park, took CPU from the application on a small machine). Each round's line also
	 * gives what the JVM allocated per change while the changes were timed, and the
	 * garbage collections and the JIT's compile time in that time, which land in the tail
	 * of whichever path is being timed; {@code -Dbench.slowest=N} prints the N slowest
	 * changes of each sample with their revisions, to find them in the applier's TRACE
	 * lines (step times per revision).
	 */
	@Test
	void growth(EtcdServer server) throws Exception {
		int rounds = Integer.getInteger("bench.rounds", 3);
		int changes = Integer.getInteger("bench.changes", 300);
		int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "10,1000,10000,50000").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		String root = "/g" + UUID.randomUUID().toString().substring(0, 8);
		ExecutorService handOff = Executors.newSingleThreadExecutor();
		try (Client jetcd = server.clientBuilder().build(); Client other = server.clientBuilder().build()) {
			KV kv = jetcd.getKVClient();
			put(kv, root + "/base/orders/greeting/message", "start");
			for (int size : sizes) {
				bulkLoad(kv, root + "/n" + size + "/orders/bulk/key", size);
				put(kv, root + "/n" + size + "/orders/greeting/message", "start");
			}
			// The first application of the JVM starts much slower: not counted.
			sample(server, kv, root + "/base", 100);
			Map<String, List<double[]>> rows = new LinkedHashMap<>();
			for (int round = 1; round <= rounds; round++) {
				Measured bare = bareWatch(jetcd, jetcd, root + "/bare", null, WARM_UP, changes);
				row(rows, "bare jetcd watch", round, bare, 0, 0, 0);
				Measured apart = bareWatch(jetcd, other, root + "/bare", null, WARM_UP, changes);
				row(rows, "bare jetcd watch, another client", round, apart, 0, 0, 0);
				Measured handedOff = bareWatch(jetcd, other, root + "/bare", handOff, WARM_UP, changes);
				row(rows, "bare jetcd watch, another client, handed to a thread", round, handedOff, 0, 0, 0);
				Sample base = sample(server, kv, root + "/base", changes);
				for (int next = 0; next < sizes.length; next++) {
					// Each round starts with another size: the first application after
					// the base one is slower (a new context's proxies make the JIT
					// recompile what the previous ones had warmed up).
					int size = sizes[(next + round - 1) % sizes.length];
					Sample sample = sample(server, kv, root + "/n" + size, changes);
					row(rows, size + " keys", round, sample.measured(), sample.startupNanos() / 1e6,
							(sample.startupNanos() - base.startupNanos()) / 1e6,
							(sample.heapBytes() - base.heapBytes()) / (double) size);
					row(rows, size + " keys: the event on the application's client", round,
							new Measured(sample.arrivals(), sample.measured().usage()), 0, 0, 0);
					row(rows, size + " keys: the starter's own, event to bean", round,
							new Measured(sample.own(), sample.measured().usage()), 0, 0, 0);
				}
			}
			System.out.println("BENCH growth, median of " + rounds + " rounds (" + changes + " changes each"
					+ (KEY_SET ? ", each adding or removing a key" : "") + "):");
			System.out.println(
					"BENCH | context | refresh p50 | refresh p99 | startup | startup - 1-key app | heap per key |");
			rows.forEach((name, values) -> System.out.printf(
					"BENCH | %s | %.2f ms | %.2f ms | %.0f ms | %.0f ms | %.0f bytes |%n", name, median(values, 0),
					median(values, 1), median(values, 2), median(values, 3), median(values, 4)));
		}
		finally {
			handOff.shutdownNow();
		}
	}

	private static void row(Map<String, List<double[]>> rows, String name, int round, Measured measured,
			double startupMs, double loadMs, double bytesPerKey) {
		long[] sorted = measured.latencies().clone();
		Arrays.sort(sorted);
		double p50 = sorted[sorted.length / 2] / 1e6;
		double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6;
		Usage usage = measured.usage();
		System.out.printf("BENCH growth round %d %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms, startup %.0f ms "
				+ "(+%.0f ms), heap %.0f bytes per key, allocated %.1f KB per change, %d GCs (%d ms), JIT %d ms%n",
				round, name, p50, p99, sorted[sorted.length - 1] / 1e6, startupMs, loadMs, bytesPerKey,
				usage.allocatedBytes() / 1024.0 / sorted.length, usage.collections(), usage.collectionMillis(),
				usage.compilationMillis());
		rows.computeIfAbsent(name, (n) -> new ArrayList<>())
			.add(new double[] { p50, p99, startupMs, loadMs, bytesPerKey });
	}

	private static double median(List<double[]> values, int column) {
		double[] sorted = values.stream().mapToDouble((v) -> v[column]).sorted().toArray();
		return sorted[sorted.length / 2];
	}

	/**
	 * A refresh sample: put to bean ({@code measured}), put to the event on the
	 * application's own client ({@code arrivals}) and event to bean ({@code own}) for
	 * each change.
	 */
	private record Sample(Measured measured, long[] arrivals, long[] own, long startupNanos, long heapBytes) {

	}

	/**
	 * Latencies, and what the JVM did while they were taken.
	 */
	private record Measured(long[] latencies, Usage usage) {

	}

	/**
	 * Bytes allocated by the JVM's live threads (a thread that ends in between takes its
	 * share with it), the garbage collections with their total time, and the JIT's
	 * compile time, between two moments.
	 */
	private record Usage(long allocatedBytes, long collections, long collectionMillis, long compilationMillis) {

		static Usage now() {
			com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
				.getThreadMXBean();
			long allocated = Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
				.filter((bytes) -> bytes > 0)
				.sum();
			long collections = 0;
			long millis = 0;
			for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
				collections += Math.max(0, collector.getCollectionCount());
				millis += Math.max(0, collector.getCollectionTime());
			}
			return new Usage(allocated, collections, millis,
					ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
		}

		Usage since(Usage start) {
			return new Usage(this.allocatedBytes - start.allocatedBytes, this.collections - start.collections,
					this.collectionMillis - start.collectionMillis, this.compilationMillis - start.compilationMillis);
		}

	}

	private static Sample sample(EtcdServer server, KV kv, String prefix, int changes) throws Exception {
		String key = prefix + "/orders/greeting/message";
		long start = System.nanoTime();
		SpringApplicationBuilder builder = ConfigTestApp.builder(server.endpoints(), "spring.config.import=etcd:",
				"etcd.config.prefix=" + prefix);
		if (!Boolean.parseBoolean(System.getProperty("bench.logging-rebinder", "true"))) {
			// To tell its share: Spring Cloud's LoggingRebinder binds logging.level over
			// every property source on each EnvironmentChangeEvent.
			builder
				.initializers((app) -> app.getBeanFactory().registerSingleton("loggingRebinder", new LoggingRebinder() {

					@Override
					public void onApplicationEvent(EnvironmentChangeEvent event) {
					}

				}));
		}
		ConfigurableApplicationContext context = builder.run();
		long startup = System.nanoTime() - start;
		Map<Long, Long> arrived = new ConcurrentHashMap<>();
		try (context; Watch.Watcher arrivals = watchArrivals(context, kv, key, arrived)) {
			ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
			String tag = Long.toString(System.nanoTime(), 36);
			long[] latencies = new long[changes];
			long[] arrival = new long[changes];
			long[] own = new long[changes];
			long[] revisions = new long[changes];
			BlockingQueue<Long> applied = new LinkedBlockingQueue<>();
			context.getBean(EtcdConfigRefreshHistory.class).addObserver((refresh) -> applied.add(refresh.revision()));
			AtomicReference<String> expected = new AtomicReference<>();
			BlockingQueue<Long> seen = new ArrayBlockingQueue<>(16);
			greeting.onMessage((message) -> {
				if (message.equals(expected.get())) {
					seen.add(System.nanoTime());
				}
			});
			Usage measuring = null;
			for (int i = -WARM_UP; i < changes; i++) {
				if (i == 0) {
					measuring = Usage.now();
				}
				String value = tag + i;
				expected.set(value);
				long begin = System.nanoTime();
				long revision = KEY_SET ? putChangingKeySet(kv, key, value, prefix + "/orders/extra/added", i)
						: put(kv, key, value);
				Long at = seen.poll(10, TimeUnit.SECONDS);
				assertThat(at).isNotNull();
				assertThat(greeting.getMessage()).isEqualTo(value);
				if (i >= 0) {
					latencies[i] = at - begin;
					revisions[i] = revision;
				}
				// The change applied as a whole (the @RefreshScope bean re-created, the
				// refresh recorded) before the next one is put.
				Long recorded;
				do {
					recorded = applied.poll(10, TimeUnit.SECONDS);
				}
				while (recorded != null && recorded < revision);
				assertThat(recorded).isNotNull();
				Long eventAt = arrived.remove(revision);
				for (int wait = 0; eventAt == null && wait < 10_000; wait++) {
					// Its listener runs after the configuration watch's at times.
					LockSupport.parkNanos(100_000);
					eventAt = arrived.remove(revision);
				}
				assertThat(eventAt).isNotNull();
				if (i >= 0) {
					arrival[i] = eventAt - begin;
					own[i] = at - eventAt;
				}
				pause();
			}
			Usage usage = Usage.now().since(measuring);
			printSlowest(prefix, latencies, revisions);
			greeting.onMessage(null);
			return new Sample(new Measured(latencies, usage), arrival, own, startup, heapAfterGc());
		}
	}

	/**
	 * A watch of the benchmark's own on the application's jetcd client, the connection
	 * the configuration watch shares: when each event reached the application (by
	 * revision, in {@code arrived}), so that what the starter adds after that is told
	 * from what etcd and gRPC take.
	 */
	private static Watch.Watcher watchArrivals(ConfigurableApplicationContext context, KV kv, String key,
			Map<Long, Long> arrived) throws Exception {
		Client application = context.getBean(EtcdConfigDataLocationResolver.JETCD_CLIENT_BEAN_NAME, Client.class);
		long from = kv.get(bytes(key)).get(5, TimeUnit.SECONDS).getHeader().getRevision() + 1;
		return application.getWatchClient()
			.watch(bytes(key), WatchOption.builder().withRevision(from).build(), (response) -> {
				long now = System.nanoTime();
				response.getEvents().forEach((event) -> arrived.put(event.getKeyValue().getModRevision(), now));
			});
	}

	/**
	 * With {@code -Dbench.slowest=N}, print the N slowest changes of a sample with their
	 * revisions, to find them in the applier's TRACE lines.
	 */
	private static void printSlowest(String prefix, long[] latencies, long[] revisions) {
		int count = Integer.getInteger("bench.slowest", 0);
		if (count <= 0) {
			return;
		}
		Integer[] order = new Integer[latencies.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (left, right) -> Long.compare(latencies[right], latencies[left]));
		for (int i = 0; i < Math.min(count, order.length); i++) {
			System.out.printf("BENCH slowest %s: revision %d, %.2f ms%n", prefix, revisions[order[i]],
					latencies[order[i]] / 1e6);
		}
	}

	private static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Put with one client, watch with another (or the same): put to the event in the
	 * watch's listener. A watch on the putting client shares its connection and its event
	 * loop, which is already awake for the put's response; an application's watch is on a
	 * client of its own, like {@code watching} when it is another client. With a
	 * {@code handOff} executor the listener only hands the event to it, and the time is
	 * taken on that executor's thread: the least any path pays that does its work off
	 * jetcd's callback thread, as the refresh path must (it re-creates beans and runs
	 * listeners).
	 */
	private static Measured bareWatch(Client putter, Client watching, String key, @Nullable Executor handOff,
			int warmUp, int count) throws Exception {
		KV kv = putter.getKVClient();
		long revision = kv.put(bytes(key), bytes("start")).get(5, TimeUnit.SECONDS).getHeader().getRevision();
		BlockingQueue<Long> seen = new ArrayBlockingQueue<>(16);
		long[] latencies = new long[count];
		try (Watch.Watcher watcher = watching.getWatchClient()
			.watch(bytes(key), WatchOption.builder().withRevision(revision + 1).build(), (response) -> {
				if (handOff != null) {
					handOff.execute(() -> seen.add(System.nanoTime()));
				}
				else {
					seen.add(System.nanoTime());
				}
			})) {
			Usage start = null;
			for (int i = -warmUp; i < count; i++) {
				if (i == 0) {
					start = Usage.now();
				}
				long begin = System.nanoTime();
				put(kv, key, "b" + i);
				Long at = seen.poll(10, TimeUnit.SECONDS);
				assertThat(at).isNotNull();
				if (i >= 0) {
					latencies[i] = at - begin;
				}
				pause();
			}
			return new Measured(latencies, Usage.now().since(start));
		}
	}

	private static void bulkLoad(KV kv, String prefix, int count) throws Exception {
		Semaphore inFlight = new Semaphore(256);
		List<CompletableFuture<?>> puts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			puts.add(kv.put(bytes(prefix + i), bytes("value-" + i)).whenComplete((r, ex) -> inFlight.release()));
		}
		CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
	}

	private static long put(KV kv, String key, String value) throws Exception {
		return kv.put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS).getHeader().getRevision();
	}

	/**
	 * Put the value and, in the same transaction, add the extra key on even changes and
	 * delete it on odd ones.
	 */
	private static long putChangingKeySet(KV kv, String key, String value, String extra, int change) throws Exception {
		Op other = (change % 2 == 0) ? Op.put(bytes(extra), bytes(value), PutOption.DEFAULT)
				: Op.delete(bytes(extra), DeleteOption.DEFAULT);
		return kv.txn()
			.Then(Op.put(bytes(key), bytes(value), PutOption.DEFAULT), other)
			.commit()
			.get(5, TimeUnit.SECONDS)
			.getHeader()
			.getRevision();
	}

	/**
	 * Leave {@code -Dbench.pause-ms} between changes, on both paths: what is timed is how
	 * soon one change arrives, as configuration changes come, not how many a second the
	 * path takes (back to back, the next put competes on 2 cores with the end of the last
	 * change: the event's listeners, the re-created {@code @RefreshScope} bean, the log
	 * line).
	 */
	private static void pause() {
		if (PAUSE_NANOS > 0) {
			LockSupport.parkNanos(PAUSE_NANOS);
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
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
