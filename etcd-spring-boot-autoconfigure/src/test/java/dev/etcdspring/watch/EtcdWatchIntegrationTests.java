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

package dev.etcdspring.watch;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EtcdWatch @EtcdWatch} methods against a real etcd: delivery to each supported
 * signature, ordering, error isolation, placeholders, prefixes and resumption after an
 * etcd restart.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdWatchIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final String root = "/watch-tests/" + UUID.randomUUID();

	private ApplicationContextRunner runner(EtcdServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdWatchAutoConfiguration.class))
			.withPropertyValues("etcd.endpoints=" + server.endpoint(), "test.root=" + this.root);
	}

	@Test
	void deliversEveryChangeInOrderToEventAndValueMethods(EtcdServer server) {
		runner(server).withBean(KeyWatcher.class).run((context) -> {
			EtcdClient client = context.getBean(EtcdClient.class);
			KeyWatcher watcher = context.getBean(KeyWatcher.class);
			List<String> written = IntStream.range(0, 200).mapToObj((i) -> "value-" + i).toList();
			written.forEach((value) -> client.put(this.root + "/key", value));
			client.put(this.root + "/other", "not watched");
			client.delete(this.root + "/key");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.events).hasSize(201));
			assertThat(watcher.events.subList(0, 200)).extracting(EtcdWatchEvent::value).isEqualTo(written);
			assertThat(watcher.events).extracting(EtcdWatchEvent::revision).isSorted();
			EtcdWatchEvent delete = watcher.events.get(200);
			assertThat(delete.type()).isEqualTo(EtcdWatchEvent.Type.DELETE);
			assertThat(delete.key()).isEqualTo(this.root + "/key");
			assertThat(delete.previousValue()).isEqualTo("value-199");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.values).hasSize(201));
			assertThat(watcher.values.subList(0, 200)).isEqualTo(written);
			assertThat(watcher.values.get(200)).isNull();
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.bytes).hasSize(201));
			assertThat(new String(watcher.bytes.get(199))).isEqualTo("value-199");
			assertThat(watcher.bytes.get(200)).isNull();
		});
	}

	@Test
	void prefixWatchDeliversOneTransactionAsOneList(EtcdServer server) {
		runner(server).withBean(PrefixWatcher.class).run((context) -> {
			EtcdClient client = context.getBean(EtcdClient.class);
			PrefixWatcher watcher = context.getBean(PrefixWatcher.class);
			client.put(this.root + "/prefix/a", "1");
			client.transaction().put(this.root + "/prefix/b", "2").put(this.root + "/prefix/c", "3").commit();
			client.put(this.root + "/elsewhere", "not watched");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.revisions).hasSize(2));
			assertThat(watcher.revisions.get(0)).extracting(EtcdWatchEvent::key)
				.containsExactly(this.root + "/prefix/a");
			assertThat(watcher.revisions.get(1)).extracting(EtcdWatchEvent::key)
				.containsExactly(this.root + "/prefix/b", this.root + "/prefix/c");
			assertThat(watcher.revisions.get(1)).extracting(EtcdWatchEvent::revision)
				.containsOnly(watcher.revisions.get(1).get(0).revision());
			EtcdWatchMethod method = context.getBean(EtcdWatchMethodRegistry.class).methods().get(0);
			assertThat(method.key()).isEqualTo(this.root + "/prefix/");
			assertThat(method.isPrefix()).isTrue();
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(method.eventsDelivered()).isEqualTo(3));
		});
	}

	@Test
	void throwingMethodKeepsReceivingLaterChanges(EtcdServer server) {
		runner(server).withBean(FailingWatcher.class).run((context) -> {
			EtcdClient client = context.getBean(EtcdClient.class);
			FailingWatcher watcher = context.getBean(FailingWatcher.class);
			client.put(this.root + "/key", "fail");
			client.put(this.root + "/key", "ok-1");
			client.put(this.root + "/key", "fail");
			client.put(this.root + "/key", "ok-2");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.values).hasSize(4));
			assertThat(watcher.values).containsExactly("fail", "ok-1", "fail", "ok-2");
			EtcdWatchMethod method = context.getBean(EtcdWatchMethodRegistry.class).methods().get(0);
			assertThat(method.failures()).isEqualTo(2);
			assertThat(method.eventsDelivered()).isEqualTo(4);
		});
	}

	@Test
	void watchesStopWhenTheContextCloses(EtcdServer server) {
		runner(server).withBean(KeyWatcher.class).run((context) -> {
			EtcdWatchMethodRegistry registry = context.getBean(EtcdWatchMethodRegistry.class);
			// Active means confirmed by etcd, which happens just after the start.
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(registry.methods()).hasSize(3).allMatch(EtcdWatchMethod::isActive));
			context.close();
			assertThat(registry.methods()).noneMatch(EtcdWatchMethod::isActive);
		});
	}

	@Test
	void resumesAfterEtcdRestartWithoutMissingChanges() {
		try (EtcdServer server = EtcdServer.builder().name("watch-restart").start()) {
			runner(server).withBean(KeyWatcher.class).run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				KeyWatcher watcher = context.getBean(KeyWatcher.class);
				client.put(this.root + "/key", "before");
				await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.values).containsExactly("before"));
				server.stop();
				server.start();
				// Written as soon as etcd is back, before the watch necessarily
				// reconnected.
				List<String> after = IntStream.range(0, 20).mapToObj((i) -> "after-" + i).toList();
				await().atMost(PATIENCE)
					.ignoreExceptions()
					.until(() -> client.put(this.root + "/key", after.get(0)) > 0);
				after.subList(1, after.size()).forEach((value) -> client.put(this.root + "/key", value));
				await().atMost(PATIENCE).untilAsserted(() -> assertThat(watcher.values).hasSize(after.size() + 1));
				assertThat(watcher.values.subList(1, watcher.values.size())).isEqualTo(after);
				assertThat(watcher.events).extracting(EtcdWatchEvent::revision).doesNotHaveDuplicates().isSorted();
			});
		}
	}

	static class KeyWatcher {

		final List<EtcdWatchEvent> events = new CopyOnWriteArrayList<>();

		final List<@Nullable String> values = new CopyOnWriteArrayList<>();

		final List<byte @Nullable []> bytes = new CopyOnWriteArrayList<>();

		@EtcdWatch("${test.root}/key")
		void onEvent(EtcdWatchEvent event) {
			this.events.add(event);
		}

		@EtcdWatch(key = "${test.root}/key")
		public void onValue(@Nullable String value) {
			this.values.add(value);
		}

		@EtcdWatch(key = "${test.root}/key")
		void onBytes(byte @Nullable [] value) {
			this.bytes.add(value);
		}

	}

	static class PrefixWatcher {

		final List<List<EtcdWatchEvent>> revisions = new CopyOnWriteArrayList<>();

		@EtcdWatch(key = "${test.root}/prefix/", prefix = true)
		void onRevision(List<EtcdWatchEvent> events) {
			this.revisions.add(events);
		}

	}

	static class FailingWatcher {

		final List<String> values = new CopyOnWriteArrayList<>();

		@EtcdWatch("${test.root}/key")
		void onValue(String value) {
			this.values.add(value);
			if (value.equals("fail")) {
				throw new IllegalStateException("failing on purpose");
			}
		}

	}

}
