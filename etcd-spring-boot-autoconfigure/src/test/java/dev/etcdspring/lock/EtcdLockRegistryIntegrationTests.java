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

import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link EtcdLockRegistry} against a real etcd: each registry has a client of its own, as
 * separate applications would.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdLockRegistryIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final List<DefaultEtcdClient> clients = new ArrayList<>();

	private final List<EtcdLockRegistry> registries = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private String prefix;

	private EtcdServer server;

	private DefaultEtcdClient etcd;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.server = server;
		this.prefix = "/locks-" + UUID.randomUUID().toString().substring(0, 8);
		this.etcd = client();
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		this.threads.shutdownNow();
		this.threads.awaitTermination(10, TimeUnit.SECONDS);
		this.registries.forEach(EtcdLockRegistry::destroy);
		this.clients.forEach(DefaultEtcdClient::close);
	}

	private DefaultEtcdClient client() {
		DefaultEtcdClient client = EtcdTestClients.create(this.server.endpoints());
		this.clients.add(client);
		return client;
	}

	private EtcdLockRegistry registry() {
		return registry(Duration.ofSeconds(10));
	}

	private EtcdLockRegistry registry(Duration ttl) {
		EtcdLockRegistry registry = new EtcdLockRegistry(client(), this.prefix, ttl);
		this.registries.add(registry);
		return registry;
	}

	private List<EtcdKeyValue> queue(String name) {
		return this.etcd.getPrefix(this.prefix + "/" + name + "/").keyValues();
	}

	@Test
	void sharedCounterNeverLosesAnUpdateUnderContentionFromThreeClients() throws Exception {
		String counter = this.prefix + "-counter";
		this.etcd.put(counter, "0");
		int perThread = 8;
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		List<Future<?>> workers = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		for (int c = 0; c < 3; c++) {
			EtcdLockRegistry registry = registry();
			DefaultEtcdClient client = client();
			for (int t = 0; t < 4; t++) {
				workers.add(this.threads.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						EtcdLock lock = registry.obtain("counter");
						lock.lock();
						try {
							if (inside.incrementAndGet() > 1) {
								overlaps.incrementAndGet();
							}
							int value = Integer.parseInt(client.get(counter).orElseThrow().value());
							client.put(counter, Integer.toString(value + 1));
							inside.decrementAndGet();
						}
						finally {
							lock.unlock();
						}
					}
					return null;
				}));
			}
		}
		start.countDown();
		for (Future<?> worker : workers) {
			worker.get(120, TimeUnit.SECONDS);
		}
		assertThat(this.etcd.get(counter).orElseThrow().value()).isEqualTo(Integer.toString(3 * 4 * perThread));
		assertThat(overlaps).hasValue(0);
		assertThat(queue("counter")).isEmpty();
	}

	@Test
	void waitersFromDifferentClientsGetTheLockInTheOrderTheyAsked() throws Exception {
		EtcdLock holder = registry().obtain("fifo");
		holder.lock();
		List<String> order = new CopyOnWriteArrayList<>();
		List<Future<?>> waiters = new ArrayList<>();
		for (String name : List.of("b", "c", "d", "e")) {
			EtcdLock lock = registry().obtain("fifo");
			int queuedBefore = queue("fifo").size();
			waiters.add(this.threads.submit(() -> {
				lock.lock();
				try {
					order.add(name);
				}
				finally {
					lock.unlock();
				}
				return null;
			}));
			// The next waiter asks only once this one's key is in the queue.
			await().atMost(WAIT).until(() -> queue("fifo").size() == queuedBefore + 1);
		}
		assertThat(order).isEmpty();
		holder.unlock();
		for (Future<?> waiter : waiters) {
			waiter.get(30, TimeUnit.SECONDS);
		}
		assertThat(order).containsExactly("b", "c", "d", "e");
		assertThat(queue("fifo")).isEmpty();
	}

	@Test
	void waiterBehindOneThatGivesUpGetsTheLockWhenTheHolderReleases() throws Exception {
		EtcdLock holder = registry().obtain("chain");
		holder.lock();
		EtcdLock quitter = registry().obtain("chain");
		Future<Boolean> quit = this.threads.submit(() -> quitter.tryLock(1500, TimeUnit.MILLISECONDS));
		await().atMost(WAIT).until(() -> queue("chain").size() == 2);
		EtcdLock patient = registry().obtain("chain");
		CompletableFuture<Long> token = new CompletableFuture<>();
		this.threads.submit(() -> {
			patient.lock();
			token.complete(patient.getFencingToken());
			patient.unlock();
			return null;
		});
		await().atMost(WAIT).until(() -> queue("chain").size() == 3);
		assertThat(quit.get(30, TimeUnit.SECONDS)).isFalse();
		assertThat(queue("chain")).hasSize(2);
		assertThat(token).isNotDone();
		long holderToken = holder.getFencingToken();
		holder.unlock();
		assertThat(token.get(30, TimeUnit.SECONDS)).isGreaterThan(holderToken);
	}

	@Test
	void tryLockThatTimesOutLeavesNoKeyBehind() throws Exception {
		EtcdLock holder = registry().obtain("busy");
		holder.lock();
		String holderKey = holder.getKey();
		EtcdLock other = registry().obtain("busy");
		assertThat(other.tryLock()).isFalse();
		assertThat(queue("busy")).extracting(EtcdKeyValue::key).containsExactly(holderKey);
		Future<Boolean> timed = this.threads.submit(() -> other.tryLock(300, TimeUnit.MILLISECONDS));
		assertThat(timed.get(30, TimeUnit.SECONDS)).isFalse();
		assertThat(queue("busy")).extracting(EtcdKeyValue::key).containsExactly(holderKey);
		holder.unlock();
		assertThat(other.tryLock()).isTrue();
		other.unlock();
		assertThat(queue("busy")).isEmpty();
	}

	@Test
	void interruptedWaiterThrowsAndLeavesNoKeyBehind() throws Exception {
		EtcdLock holder = registry().obtain("interrupt");
		holder.lock();
		EtcdLock other = registry().obtain("interrupt");
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				other.lockInterruptibly();
				failure.complete(null);
			}
			catch (Throwable ex) {
				failure.complete(ex);
			}
		});
		waiter.start();
		await().atMost(WAIT).until(() -> queue("interrupt").size() == 2);
		waiter.interrupt();
		assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
		assertThat(queue("interrupt")).extracting(EtcdKeyValue::key).containsExactly(holder.getKey());
		holder.unlock();
	}

	@Test
	void lockIsReentrantPerThreadAndReleasedByTheLastUnlock() throws Exception {
		EtcdLockRegistry registry = registry();
		EtcdLock lock = registry.obtain("reentrant");
		lock.lock();
		assertThat(lock.tryLock()).isTrue();
		lock.lock();
		long token = lock.getFencingToken();
		assertThat(queue("reentrant")).singleElement()
			.satisfies((keyValue) -> assertThat(keyValue.createRevision()).isEqualTo(token));
		lock.unlock();
		lock.unlock();
		assertThat(lock.isHeld()).isTrue();
		assertThat(queue("reentrant")).hasSize(1);
		EtcdLock other = registry().obtain("reentrant");
		assertThat(this.threads.submit(() -> other.tryLock()).get(30, TimeUnit.SECONDS)).isFalse();
		assertThat(this.threads.submit(() -> registry.obtain("reentrant").tryLock()).get(30, TimeUnit.SECONDS))
			.as("another thread of the same application")
			.isFalse();
		lock.unlock();
		assertThat(lock.isHeld()).isFalse();
		assertThat(queue("reentrant")).isEmpty();
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::unlock);
	}

	@Test
	void keyFollowsTheDocumentedLayoutAndTheFencingTokenIsItsCreateRevision() {
		EtcdLock lock = registry().obtain("layout");
		lock.lock();
		try {
			EtcdKeyValue key = queue("layout").get(0);
			assertThat(key.key()).isEqualTo(this.prefix + "/layout/" + Long.toHexString(key.leaseId()));
			assertThat(lock.getKey()).isEqualTo(key.key());
			assertThat(lock.getFencingToken()).isEqualTo(key.createRevision());
			assertThat(this.etcd.timeToLive(key.leaseId()).granted()).isEqualTo(Duration.ofSeconds(10));
		}
		finally {
			lock.unlock();
		}
		lock.lock();
		try {
			assertThat(lock.getFencingToken()).as("a new hold, a new token").isGreaterThan(0);
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void unlockFromAnotherThreadIsRefused() throws Exception {
		EtcdLock lock = registry().obtain("owner");
		lock.lock();
		Future<?> foreign = this.threads.submit(() -> {
			lock.unlock();
			return null;
		});
		assertThat(foreign).failsWithin(Duration.ofSeconds(30))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IllegalMonitorStateException.class);
		assertThat(lock.isHeld()).isTrue();
		lock.unlock();
	}

	@Test
	void leaseRevokedWhileHeldIsReportedByIsHeldAnEventAndUnlock() throws Exception {
		EtcdLockRegistry registry = registry();
		List<Object> events = new CopyOnWriteArrayList<>();
		registry.setApplicationEventPublisher(events::add);
		EtcdLock lock = registry.obtain("revoked");
		lock.lock();
		long token = lock.getFencingToken();
		String key = lock.getKey();
		this.etcd.revokeLease(this.etcd.get(key).orElseThrow().leaseId());
		await().atMost(WAIT).until(() -> !lock.isHeld());
		await().atMost(WAIT).until(() -> !events.isEmpty());
		assertThat(events).singleElement().isInstanceOfSatisfying(EtcdLockLostEvent.class, (event) -> {
			assertThat(event.getLockName()).isEqualTo("revoked");
			assertThat(event.getKey()).isEqualTo(key);
			assertThat(event.getFencingToken()).isEqualTo(token);
			assertThat(event.getSource()).isSameAs(registry);
		});
		assertThat(registry.getLostLockCount()).isOne();
		assertThat(registry.getLostLeaseCount()).isOne();
		EtcdLock other = registry().obtain("revoked");
		assertThat(this.threads.submit(() -> {
			boolean locked = other.tryLock();
			if (locked) {
				other.unlock();
			}
			return locked;
		}).get(30, TimeUnit.SECONDS)).as("another application may take the lock now").isTrue();
		assertThatExceptionOfType(ConcurrentModificationException.class).isThrownBy(lock::unlock)
			.withMessageContaining("'revoked'");
		lock.lock();
		try {
			assertThat(lock.isHeld()).as("a new lease for the next hold").isTrue();
			assertThat(lock.getKey()).isNotEqualTo(key);
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void keyDeletedByHandWhileHeldIsReportedOnUnlock() {
		EtcdLockRegistry registry = registry();
		List<Object> events = new CopyOnWriteArrayList<>();
		registry.setApplicationEventPublisher(events::add);
		EtcdLock lock = registry.obtain("deleted");
		lock.lock();
		this.etcd.delete(lock.getKey());
		assertThatExceptionOfType(ConcurrentModificationException.class).isThrownBy(lock::unlock);
		await().atMost(WAIT).until(() -> !events.isEmpty());
		assertThat(events).singleElement().isInstanceOf(EtcdLockLostEvent.class);
	}

	@Test
	void lockWithATimeToLiveOfItsOwnUsesALeaseOfThatTimeToLive() {
		EtcdLock lock = registry().obtain("custom-ttl");
		lock.lock(Duration.ofSeconds(4));
		try {
			EtcdKeyValue key = queue("custom-ttl").get(0);
			assertThat(this.etcd.timeToLive(key.leaseId()).granted()).isEqualTo(Duration.ofSeconds(4));
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void destroyingTheRegistryRevokesItsLeaseSoOthersGetTheLock() throws Exception {
		EtcdLockRegistry registry = registry();
		EtcdLock lock = registry.obtain("destroyed");
		lock.lock();
		EtcdLock other = registry().obtain("destroyed");
		Future<Boolean> waiter = this.threads.submit(() -> other.tryLock(30, TimeUnit.SECONDS));
		await().atMost(WAIT).until(() -> queue("destroyed").size() == 2);
		registry.destroy();
		assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void lockNamesContainingSlashesAreSeparateLocks() throws Exception {
		EtcdLock parent = registry().obtain("a");
		EtcdLock child = registry().obtain("a/b");
		parent.lock();
		assertThat(this.threads.submit(() -> {
			boolean locked = child.tryLock();
			if (locked) {
				child.unlock();
			}
			return locked;
		}).get(30, TimeUnit.SECONDS)).isTrue();
		parent.unlock();
	}

	@Test
	void expiredLockObjectsAreReplacedWithoutSharingAKey() throws Exception {
		EtcdLockRegistry registry = registry();
		EtcdLock kept = registry.obtain("expire");
		registry.expireUnusedOlderThan(-1);
		EtcdLock fresh = registry.obtain("expire");
		assertThat(fresh).isNotSameAs(kept);
		kept.lock();
		try {
			assertThat(this.threads.submit(() -> fresh.tryLock()).get(30, TimeUnit.SECONDS)).isFalse();
			assertThat(kept.isHeld()).isTrue();
		}
		finally {
			kept.unlock();
		}
		assertThat(queue("expire")).isEmpty();
	}

	@Test
	void waiterOfADestroyedRegistryGivesUp() throws Exception {
		EtcdLock holder = registry().obtain("closing");
		holder.lock();
		EtcdLockRegistry closing = registry();
		EtcdLock waiter = closing.obtain("closing");
		Future<?> waiting = this.threads.submit(() -> {
			waiter.lock();
			return null;
		});
		await().atMost(WAIT).until(() -> queue("closing").size() == 2);
		closing.destroy();
		assertThat(waiting).failsWithin(Duration.ofSeconds(30))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("closed");
		assertThat(queue("closing")).extracting(EtcdKeyValue::key).containsExactly(holder.getKey());
		holder.unlock();
	}

}
