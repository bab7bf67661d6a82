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

package dev.etcdspring.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdKeepAlive;
import dev.etcdspring.client.EtcdLease;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchSubscription;
import dev.etcdspring.test.EtcdGrpcProxy;
import dev.etcdspring.test.EtcdMetrics;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One key watched by {@value #CLIENTS} {@code EtcdClient}s in one JVM, each also holding
 * a leased key with keep-alive (as registered instances do), directly against etcd and
 * through its gRPC proxy, one after the other against the same private member: the watch
 * and keep-alive streams and watchers etcd serves, the put → event latency over every
 * client, lease renewals etcd handles, and how long a crashed client's leased key
 * outlives it. Also prints the created response a coalesced watch receives from the
 * proxy. Prints {@code BENCH} lines; asserts only that every event arrived. Run with
 * {@code ./mvnw -B -Pbenchmark -pl etcd-spring-boot-autoconfigure test
 * -Dtest=EtcdGrpcProxyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("benchmark")
class EtcdGrpcProxyBenchmark {

	private static final int CLIENTS = 50;

	private static final int PUTS = 200;

	private static final int WARMUP = 20;

	private static final Duration LEASE_TTL = Duration.ofSeconds(6);

	private static final Duration CRASH_TTL = Duration.ofSeconds(2);

	private static final int CRASHES = 5;

	private static final String KEY = "/bench/proxy/shared";

	@Test
	void oneKeyWatchedByManyClientsDirectlyAndThroughTheProxy() throws Exception {
		try (EtcdServer etcd = EtcdServer.builder().name("proxy-bench").start();
				EtcdGrpcProxy proxy = EtcdGrpcProxy.startFor(etcd);
				DefaultEtcdClient writer = EtcdTestClients.create(etcd.endpoint())) {
			System.out.println("BENCH etcd " + etcd.serverVersion() + ", " + CLIENTS + " clients, " + PUTS
					+ " puts after " + WARMUP + " warm-up puts, lease TTL " + LEASE_TTL.toSeconds() + "s");
			run("direct", etcd, etcd.endpoint(), writer, null);
			run("proxy", etcd, proxy.endpoint(), writer, proxy);
			for (boolean hang : new boolean[] { false, true }) {
				crashes("direct", etcd.endpoint(), writer, hang);
				crashes("proxy", proxy.endpoint(), writer, hang);
			}
			coalescedCreatedResponse(etcd, proxy, writer);
		}
	}

	private void run(String mode, EtcdServer etcd, String endpoint, DefaultEtcdClient writer, EtcdGrpcProxy proxy)
			throws Exception {
		EtcdMetrics before = EtcdMetrics.scrape(etcd.metricsUri());
		AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));
		long[] putAt = new long[WARMUP + PUTS];
		long[][] seenAt = new long[CLIENTS][WARMUP + PUTS];
		List<AutoCloseable> resources = new ArrayList<>();
		List<EtcdWatchSubscription> subscriptions = new ArrayList<>();
		List<AtomicInteger> acknowledgements = new ArrayList<>();
		try {
			for (int c = 0; c < CLIENTS; c++) {
				DefaultEtcdClient client = EtcdTestClients.create(endpoint);
				resources.add(client);
				long[] seen = seenAt[c];
				EtcdWatchSubscription subscription = client.watch(KEY, (event) -> {
					long now = System.nanoTime();
					int index = Integer.parseInt(event.value());
					seen[index] = now;
					latch.get().countDown();
				});
				subscriptions.add(subscription);
				resources.add(subscription);
				EtcdLease lease = client.grantLease(LEASE_TTL);
				client.put("/bench/proxy/instances/" + mode + "-" + c, "up", lease.id());
				AtomicInteger acknowledged = new AtomicInteger();
				acknowledgements.add(acknowledged);
				resources.add(client.keepAlive(lease.id(), (leaseId, ttl) -> acknowledged.incrementAndGet()));
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> subscriptions.stream().allMatch(EtcdWatchSubscription::isActive));
			EtcdMetrics during = EtcdMetrics.scrape(etcd.metricsUri());
			for (int i = 0; i < WARMUP + PUTS; i++) {
				CountDownLatch current = new CountDownLatch(CLIENTS);
				latch.set(current);
				putAt[i] = System.nanoTime();
				writer.put(KEY, Integer.toString(i));
				assertThat(current.await(30, TimeUnit.SECONDS)).as("every client saw put %d", i).isTrue();
			}
			keepAlives(mode, etcd, acknowledgements);
			long[] all = new long[CLIENTS * PUTS];
			long[] lastClient = new long[PUTS];
			for (int i = 0; i < PUTS; i++) {
				long slowest = 0;
				for (int c = 0; c < CLIENTS; c++) {
					long latency = seenAt[c][WARMUP + i] - putAt[WARMUP + i];
					all[i * CLIENTS + c] = latency;
					slowest = Math.max(slowest, latency);
				}
				lastClient[i] = slowest;
			}
			System.out.println(String.format(Locale.ROOT,
					"BENCH %s: etcd serves %d watch streams / %d watchers / %d lease keep-alive streams for %d clients "
							+ "(deltas; %s)",
					mode, Math.round(delta(during, before, "etcd_debugging_mvcc_watch_stream_total")),
					Math.round(delta(during, before, "etcd_debugging_mvcc_watcher_total")),
					during.openStreams("LeaseKeepAlive") - before.openStreams("LeaseKeepAlive"), CLIENTS,
					(proxy != null) ? "proxy: watchers_coalescing " + Math
						.round(EtcdMetrics.scrape(proxy.metricsUri()).sum("etcd_grpc_proxy_watchers_coalescing_total"))
							: "no proxy"));
			print(mode + ": put -> event, every client", all);
			print(mode + ": put -> event, last of the " + CLIENTS + " clients", lastClient);
		}
		finally {
			for (int i = resources.size() - 1; i >= 0; i--) {
				resources.get(i).close();
			}
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> delta(EtcdMetrics.scrape(etcd.metricsUri()), before,
					"etcd_debugging_mvcc_watcher_total") <= 0);
	}

	/**
	 * Lease renewals etcd handles against keep-alive acknowledgements the clients get,
	 * over the time every client takes to get five more of them.
	 */
	private void keepAlives(String mode, EtcdServer etcd, List<AtomicInteger> acknowledgements) {
		int[] start = acknowledgements.stream().mapToInt(AtomicInteger::get).toArray();
		double renewedBefore = EtcdMetrics.scrape(etcd.metricsUri()).sum("etcd_debugging_lease_renewed_total");
		long windowStart = System.nanoTime();
		await().atMost(LEASE_TTL.multipliedBy(10)).until(() -> {
			for (int c = 0; c < CLIENTS; c++) {
				if (acknowledgements.get(c).get() < start[c] + 5) {
					return false;
				}
			}
			return true;
		});
		double seconds = (System.nanoTime() - windowStart) / 1e9;
		double renewals = EtcdMetrics.scrape(etcd.metricsUri()).sum("etcd_debugging_lease_renewed_total")
				- renewedBefore;
		int acks = 0;
		for (int c = 0; c < CLIENTS; c++) {
			acks += acknowledgements.get(c).get() - start[c];
		}
		System.out.println(String.format(Locale.ROOT,
				"BENCH %s: over %.1f s, %d leases of %ds: clients got %.2f keep-alive acks per lease per TTL, "
						+ "etcd renewed %.2f times per lease per TTL",
				mode, seconds, CLIENTS, LEASE_TTL.toSeconds(), acks / seconds / CLIENTS * LEASE_TTL.toSeconds(),
				renewals / seconds / CLIENTS * LEASE_TTL.toSeconds()));
	}

	/**
	 * A client holding a leased key with keep-alive vanishes without revoking (its
	 * connection closes) or hangs (its keep-alives stop, its connection stays): how long
	 * etcd keeps the key, from that moment to the delete event.
	 */
	private void crashes(String mode, String endpoint, DefaultEtcdClient writer, boolean hang) throws Exception {
		long[] outlived = new long[CRASHES];
		for (int i = 0; i < CRASHES; i++) {
			String key = "/bench/proxy/crash/" + mode + "-" + i;
			CompletableFuture<Long> deleted = new CompletableFuture<>();
			try (EtcdWatchSubscription watch = writer.watch(key, (event) -> {
				if (event.type() == EtcdWatchEvent.Type.DELETE) {
					deleted.complete(System.nanoTime());
				}
			})) {
				DefaultEtcdClient crashing = EtcdTestClients.create(endpoint);
				EtcdLease lease = crashing.grantLease(CRASH_TTL);
				crashing.put(key, "up", lease.id());
				AtomicInteger acknowledged = new AtomicInteger();
				EtcdKeepAlive keepAlive = crashing.keepAlive(lease.id(),
						(leaseId, ttl) -> acknowledged.incrementAndGet());
				// A few keep-alives acknowledged, as for a running instance.
				await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 3);
				assertThat(writer.get(key)).isPresent();
				long crashedAt = System.nanoTime();
				// Neither revokes the lease.
				if (hang) {
					keepAlive.close();
				}
				else {
					crashing.close();
				}
				outlived[i] = deleted.get(30, TimeUnit.SECONDS) - crashedAt;
				crashing.close();
			}
		}
		Arrays.sort(outlived);
		System.out.println(String.format(Locale.ROOT,
				"BENCH %s: key of a %s client (TTL %ds) deleted after min %.2f / median %.2f / max %.2f s", mode,
				hang ? "hung (keep-alives stop, connection open)" : "crashed (connection closed)",
				CRASH_TTL.toSeconds(), outlived[0] / 1e9, outlived[CRASHES / 2] / 1e9, outlived[CRASHES - 1] / 1e9));
	}

	/**
	 * What the created response of a watch looks like when the proxy serves it from a
	 * watch another client opened (a coalesced watch), beside one the proxy opens in
	 * etcd.
	 */
	private void coalescedCreatedResponse(EtcdServer etcd, EtcdGrpcProxy proxy, DefaultEtcdClient writer)
			throws Exception {
		String key = "/bench/proxy/created";
		long start = writer.put(key, "0") + 1;
		for (int i = 0; i < 10; i++) {
			writer.put("/bench/proxy/elsewhere", Integer.toString(i));
		}
		try (Client first = proxy.clientBuilder().build(); Client second = proxy.clientBuilder().build()) {
			WatchResponse opened = created(first, key, start);
			// The first watch's server-side watcher has answered: the second joins it.
			WatchResponse joined = created(second, key, start);
			System.out.println(String.format(Locale.ROOT,
					"BENCH created response, watch from revision %d while etcd is at %d: opened in etcd: header "
							+ "revision %d, cluster id %x; joined (coalesced): header revision %d, cluster id %x",
					start, writer.status().revision(), opened.getHeader().getRevision(),
					opened.getHeader().getClusterId(), joined.getHeader().getRevision(),
					joined.getHeader().getClusterId()));
		}
	}

	private static WatchResponse created(Client client, String key, long fromRevision) throws Exception {
		CompletableFuture<WatchResponse> created = new CompletableFuture<>();
		WatchOption option = WatchOption.builder().withRevision(fromRevision).withCreateNotify(true).build();
		// Kept open, so that the next watch can join it, until the client closes.
		client.getWatchClient().watch(bytes(key), option, (response) -> {
			if (response.isCreatedNotify()) {
				created.complete(response);
			}
		});
		return created.get(30, TimeUnit.SECONDS);
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	private static double delta(EtcdMetrics after, EtcdMetrics before, String metric) {
		return after.sum(metric) - before.sum(metric);
	}

	private static void print(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.println(String.format(Locale.ROOT, "BENCH %s: n=%d p50 %.2f ms, p99 %.2f ms, max %.2f ms", what,
				sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6));
	}

	private static double percentile(long[] sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1e6;
	}

}
