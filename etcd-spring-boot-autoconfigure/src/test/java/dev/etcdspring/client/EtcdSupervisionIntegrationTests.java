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
package dev.etcdspring.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client's supervision against a real etcd: every watch, keep-alive and background
 * retry reports its state, a refused watch does not loop, a restored etcd is noticed, a
 * slow listener cannot make a subscription hold unbounded memory, and nothing a listener
 * or attempt throws stops the machinery.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdSupervisionIntegrationTests {

	@Test
	void watchIsStartingUntilEtcdConfirmsItThenActiveAndClosed(EtcdServer etcd) {
		try (DefaultEtcdClient client = EtcdTestClients.create(etcd.endpoint())) {
			EtcdWatchSubscription watch = client
				.watch(EtcdWatchOptions.prefix("/sv-" + UUID.randomUUID() + "/").describedAs("test watch"), (e) -> {
				});
			await().atMost(Duration.ofSeconds(10)).until(watch::isActive);
			assertThat(client.supervised()).singleElement().satisfies((status) -> {
				assertThat(status.name()).startsWith("test watch (watch on prefix '/sv-");
				assertThat(status.state()).isEqualTo(EtcdSupervisedState.ACTIVE);
				assertThat(status.consecutiveFailures()).isZero();
			});
			watch.close();
			assertThat(watch.isActive()).isFalse();
			assertThat(client.supervised()).isEmpty();
		}
	}

	@Test
	void watchRefusedForPermissionIsDeniedOnceAndWorksWhenThePermissionIsGranted() {
		try (EtcdServer etcd = EtcdServer.builder().start()) {
			etcd.enableAuth("rootpw");
			etcd.addUserWithoutPermissions("reader", "readerpw");
			etcd.grant("reader", "/config/orders/", false);
			EtcdProperties properties = properties(etcd);
			properties.setUsername("reader");
			properties.setPassword("readerpw");
			properties.getRetry().setDeniedInterval(Duration.ofMillis(500));
			try (DefaultEtcdClient client = create(properties)) {
				AtomicInteger errors = new AtomicInteger();
				List<String> values = new CopyOnWriteArrayList<>();
				EtcdWatchSubscription watch = client.watch(EtcdWatchOptions.prefix("/config/").fromRevision(1),
						new EtcdWatchListener() {

							@Override
							public void onEvent(EtcdWatchEvent event) {
								values.add(event.value());
							}

							@Override
							public void onError(EtcdException error) {
								errors.incrementAndGet();
							}

						});
				await().atMost(Duration.ofSeconds(10))
					.until(() -> client.supervised().get(0).state() == EtcdSupervisedState.DENIED);
				EtcdSupervisedStatus status = client.supervised().get(0);
				assertThat(status.lastError()).contains("permission denied")
					.contains("'reader'")
					.contains("read the range starting at '/config/'")
					.doesNotContain("readerpw");
				assertThat(watch.isActive()).isFalse();
				// Refused again at every retry (each half second here), not every jetcd
				// tick: the failures count the supervisor's retries.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> client.supervised().get(0).consecutiveFailures() >= 2);
				etcd.grant("reader", "/config/", false);
				await().atMost(Duration.ofSeconds(20)).until(watch::isActive);
				try (DefaultEtcdClient writer = create(rootProperties(etcd))) {
					writer.put("/config/orders/a", "granted");
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> values.contains("granted"));
				assertThat(client.supervised().get(0).consecutiveFailures()).isZero();
				assertThat(errors.get()).isPositive();
			}
		}
	}

	@Test
	void watchNoticesThatEtcdWasReplacedByAnEmptyClusterAndResynchronizes() {
		try (EtcdServer etcd = EtcdServer.builder().start();
				DefaultEtcdClient client = EtcdTestClients.create(etcd.endpoint())) {
			for (int i = 0; i < 30; i++) {
				client.put("/wiped/k" + i, "old-" + i);
			}
			List<String> values = new CopyOnWriteArrayList<>();
			List<Long> resets = new CopyOnWriteArrayList<>();
			EtcdWatchSubscription watch = client.watch(EtcdWatchOptions.prefix("/wiped/"), new EtcdWatchListener() {

				@Override
				public void onEvent(EtcdWatchEvent event) {
					values.add(event.value());
				}

				@Override
				public long onReset(long currentRevision) {
					resets.add(currentRevision);
					return currentRevision;
				}

			});
			client.put("/wiped/k0", "before");
			await().atMost(Duration.ofSeconds(10)).until(() -> values.contains("before"));
			long before = watch.lastRevision();
			etcd.wipe();
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
				client.put("/other", "x");
				return true;
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> !resets.isEmpty());
			assertThat(resets.get(0)).isLessThan(before);
			await().atMost(Duration.ofSeconds(10)).until(watch::isActive);
			client.put("/wiped/k0", "after");
			await().atMost(Duration.ofSeconds(10)).until(() -> values.contains("after"));
			assertThat(watch.lastRevision()).isLessThan(before);
			watch.close();
		}
	}

	@Test
	void slowListenerOverflowsItsBoundedQueueAndStillReceivesEveryEventInOrder(EtcdServer etcd) {
		EtcdProperties properties = properties(etcd);
		properties.getDelivery().setMaxPendingEvents(10);
		String prefix = "/slow-" + UUID.randomUUID() + "/";
		try (DefaultEtcdClient client = create(properties)) {
			CountDownLatch release = new CountDownLatch(1);
			List<String> values = new CopyOnWriteArrayList<>();
			EtcdWatchSubscription watch = client.watch(EtcdWatchOptions.prefix(prefix), (event) -> {
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				values.add(event.value());
			});
			for (int i = 0; i < 100; i++) {
				client.put(prefix + "k", String.valueOf(i));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> client.supervised().get(0).overflows() > 0);
			release.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> values.contains("99"));
			List<Integer> seen = values.stream().map(Integer::valueOf).toList();
			assertThat(seen).isSorted().doesNotHaveDuplicates().hasSize(100);
			watch.close();
		}
	}

	@Test
	void listenerThrowingAnErrorDoesNotStopLaterEvents(EtcdServer etcd) {
		String prefix = "/err-" + UUID.randomUUID() + "/";
		try (DefaultEtcdClient client = EtcdTestClients.create(etcd.endpoint())) {
			List<String> values = new CopyOnWriteArrayList<>();
			EtcdWatchSubscription watch = client.watch(EtcdWatchOptions.prefix(prefix), (event) -> {
				if (event.value().equals("boom")) {
					throw new StackOverflowError();
				}
				values.add(event.value());
			});
			client.put(prefix + "a", "boom");
			client.put(prefix + "a", "after");
			await().atMost(Duration.ofSeconds(10)).until(() -> values.contains("after"));
			assertThat(watch.isActive()).isTrue();
			watch.close();
		}
	}

	@Test
	void backgroundTaskRetriesThroughExceptionsAndErrorsUntilItSucceeds(EtcdServer etcd) {
		try (DefaultEtcdClient client = EtcdTestClients.create(etcd.endpoint())) {
			AtomicInteger attempts = new AtomicInteger();
			CountDownLatch proceed = new CountDownLatch(1);
			EtcdBackgroundTask task = client.retryInBackground("test read", () -> {
				int attempt = attempts.incrementAndGet();
				if (attempt == 1) {
					throw new EtcdConnectionException("etcd get failed: unreachable", null);
				}
				if (attempt == 2) {
					throw new OutOfMemoryError("simulated");
				}
				try {
					proceed.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, null);
			await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 3);
			EtcdSupervisedStatus status = task.status();
			assertThat(status.state()).isEqualTo(EtcdSupervisedState.RETRYING);
			assertThat(status.consecutiveFailures()).isEqualTo(2);
			assertThat(status.lastError()).isEqualTo(OutOfMemoryError.class.getName());
			assertThat(client.supervised()).extracting(EtcdSupervisedStatus::name).containsExactly("test read");
			proceed.countDown();
			await().atMost(Duration.ofSeconds(10)).until(task::isDone);
			assertThat(client.supervised()).isEmpty();
		}
	}

	@Test
	void backgroundTaskAgainstAStoppedEtcdRetriesUntilEtcdIsBack() {
		try (EtcdServer etcd = EtcdServer.builder().start(); DefaultEtcdClient client = create(properties(etcd))) {
			etcd.stop();
			AtomicInteger attempts = new AtomicInteger();
			EtcdBackgroundTask task = client.retryInBackground("read /x", () -> {
				attempts.incrementAndGet();
				client.get("/x");
			}, null);
			await().atMost(Duration.ofSeconds(30)).until(() -> task.status().consecutiveFailures() >= 2);
			assertThat(task.status().lastError()).contains("etcd get of key '/x'");
			etcd.start();
			await().atMost(Duration.ofSeconds(30)).until(task::isDone);
		}
	}

	@Test
	void watchOnAFrozenEtcdIsRetryingUntilEtcdAnswersAgain() {
		try (EtcdServer etcd = EtcdServer.builder().start()) {
			EtcdProperties properties = properties(etcd);
			properties.setKeepAliveTime(Duration.ofSeconds(10));
			properties.setKeepAliveTimeout(Duration.ofSeconds(2));
			try (DefaultEtcdClient client = create(properties)) {
				List<String> values = new CopyOnWriteArrayList<>();
				EtcdWatchSubscription watch = client.watch(EtcdWatchOptions.prefix("/frozen/"),
						(event) -> values.add(event.value()));
				await().atMost(Duration.ofSeconds(10)).until(watch::isActive);
				etcd.freeze();
				try {
					// No error arrives on a hung connection: the keep-alive ping notices.
					await().atMost(Duration.ofSeconds(60))
						.until(() -> watch.status().state() == EtcdSupervisedState.RETRYING);
					assertThat(watch.status().lastError()).isNotNull();
				}
				finally {
					etcd.thaw();
				}
				await().atMost(Duration.ofSeconds(60)).until(watch::isActive);
				client.put("/frozen/a", "thawed");
				await().atMost(Duration.ofSeconds(10)).until(() -> values.contains("thawed"));
				watch.close();
			}
		}
	}

	private static EtcdProperties properties(EtcdServer etcd) {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(List.of(etcd.endpoint()));
		properties.setRequestTimeout(Duration.ofSeconds(2));
		return properties;
	}

	private static EtcdProperties rootProperties(EtcdServer etcd) {
		EtcdProperties properties = properties(etcd);
		properties.setUsername("root");
		properties.setPassword("rootpw");
		return properties;
	}

	private static DefaultEtcdClient create(EtcdProperties properties) {
		return new EtcdClientFactory(new PropertiesEtcdConnectionDetails(properties, null), properties, List.of())
			.createClient();
	}

}
