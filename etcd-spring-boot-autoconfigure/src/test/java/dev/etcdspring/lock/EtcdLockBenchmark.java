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

package dev.etcdspring.lock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.leader.EtcdLeaderInitiator;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lock.LockResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.leader.event.LeaderEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark harness, not a timed test: uncontended lock + unlock of an
 * {@link EtcdLockRegistry} beside a bare jetcd {@code Lock} call in the same run (each
 * with a lease granted once), lock hand-over latency between two applications, and
 * leadership hand-over after a graceful stop and after a crash. Run with
 * {@code ./mvnw -B -Pbenchmark -pl etcd-spring-boot-autoconfigure test -Dtest=EtcdLockBenchmark}.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("benchmark")
class EtcdLockBenchmark {

	private static final int ROUNDS = 1000;

	private static final int WARMUP = 200;

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void lockAndLeadershipLatency() throws Exception {
		try (EtcdServer server = EtcdServer.builder().start()) {
			uncontended(server);
			handOver(server);
			leadershipHandOver(server, false, 30);
			leadershipHandOver(server, true, 5);
		}
	}

	private void uncontended(EtcdServer server) throws Exception {
		try (DefaultEtcdClient client = EtcdTestClients.create(server.endpoints());
				Client bare = server.clientBuilder().build()) {
			EtcdLockRegistry registry = new EtcdLockRegistry(client, "/bench-locks", Duration.ofSeconds(10));
			long lease = bare.getLeaseClient().grant(10).get(5, TimeUnit.SECONDS).getID();
			CloseableClient keepAlive = bare.getLeaseClient().keepAlive(lease, new Ignored());
			ByteSequence bareName = ByteSequence.from("/bench-bare-lock/a", StandardCharsets.UTF_8);
			EtcdLock lock = registry.obtain("a");
			long[] ours = new long[ROUNDS];
			long[] theirs = new long[ROUNDS];
			for (int i = -WARMUP; i < ROUNDS; i++) {
				long start = System.nanoTime();
				lock.lock();
				lock.unlock();
				long middle = System.nanoTime();
				LockResponse locked = bare.getLockClient()
					.lock(bareName, lease)
					.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				bare.getLockClient().unlock(locked.getKey()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				long end = System.nanoTime();
				if (i >= 0) {
					ours[i] = middle - start;
					theirs[i] = end - middle;
				}
			}
			keepAlive.close();
			bare.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
			registry.destroy();
			print("EtcdLockRegistry lock()+unlock(), uncontended", ours);
			print("bare jetcd Lock.lock()+unlock(), uncontended", theirs);
		}
	}

	private void handOver(EtcdServer server) throws Exception {
		int rounds = 300;
		try (DefaultEtcdClient first = EtcdTestClients.create(server.endpoints());
				DefaultEtcdClient second = EtcdTestClients.create(server.endpoints())) {
			EtcdLockRegistry one = new EtcdLockRegistry(first, "/bench-handover", Duration.ofSeconds(10));
			EtcdLockRegistry two = new EtcdLockRegistry(second, "/bench-handover", Duration.ofSeconds(10));
			ExecutorService waiter = Executors.newSingleThreadExecutor();
			SynchronousQueue<Long> acquired = new SynchronousQueue<>();
			long[] latency = new long[rounds];
			EtcdLock holder = one.obtain("h");
			EtcdLock next = two.obtain("h");
			for (int i = -20; i < rounds; i++) {
				holder.lock();
				Future<?> waiting = waiter.submit(() -> {
					next.lock();
					long now = System.nanoTime();
					next.unlock();
					acquired.put(now);
					return null;
				});
				// Only once the waiter's key is queued behind the holder's.
				while (first.getPrefix("/bench-handover/h/").keyValues().size() < 2) {
					Thread.onSpinWait();
				}
				long released = System.nanoTime();
				holder.unlock();
				long got = acquired.take();
				waiting.get(10, TimeUnit.SECONDS);
				if (i >= 0) {
					latency[i] = got - released;
				}
			}
			waiter.shutdown();
			one.destroy();
			two.destroy();
			print("lock hand-over, unlock() -> the waiter in another application returns from lock()", latency);
		}
	}

	private void leadershipHandOver(EtcdServer server, boolean crash, int rounds) throws Exception {
		long[] latency = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			DefaultEtcdClient leaderClient = EtcdTestClients.create(server.endpoints());
			DefaultEtcdClient nextClient = EtcdTestClients.create(server.endpoints());
			CompletableFuture<Long> leaderGranted = new CompletableFuture<>();
			CompletableFuture<Long> nextGranted = new CompletableFuture<>();
			EtcdLeaderInitiator leader = initiator(leaderClient, "leader", leaderGranted);
			EtcdLeaderInitiator next = initiator(nextClient, "next", nextGranted);
			leader.start();
			leaderGranted.get(10, TimeUnit.SECONDS);
			next.start();
			while (next.getKey() == null) {
				Thread.onSpinWait();
			}
			long stopped = System.nanoTime();
			if (crash) {
				leaderClient.close();
			}
			else {
				leader.stop();
			}
			latency[i] = nextGranted.get(30, TimeUnit.SECONDS) - stopped;
			assertThat(next.isLeader()).isTrue();
			next.destroy();
			leader.destroy();
			nextClient.close();
			leaderClient.close();
		}
		print("leadership hand-over after a " + (crash ? "crash (client closed, TTL 2s)" : "graceful stop"), latency);
	}

	private static EtcdLeaderInitiator initiator(DefaultEtcdClient client, String id, CompletableFuture<Long> granted) {
		EtcdLeaderInitiator initiator = new EtcdLeaderInitiator(client, new DefaultCandidate(id, "bench"),
				"/bench-leaders", Duration.ofSeconds(2));
		initiator.setLeaderEventPublisher(new LeaderEventPublisher() {

			@Override
			public void publishOnGranted(Object source, Context context, String role) {
				granted.complete(System.nanoTime());
			}

			@Override
			public void publishOnRevoked(Object source, Context context, String role) {
			}

			@Override
			public void publishOnFailedToAcquire(Object source, Context context, String role) {
			}

		});
		return initiator;
	}

	private static void print(String what, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("BENCH %s over %d rounds: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
				sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
				sorted[sorted.length - 1] / 1e6);
	}

	private static final class Ignored implements StreamObserver<LeaseKeepAliveResponse> {

		@Override
		public void onNext(LeaseKeepAliveResponse value) {
		}

		@Override
		public void onError(Throwable t) {
		}

		@Override
		public void onCompleted() {
		}

	}

}
