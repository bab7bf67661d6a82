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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdSupervisedState;
import dev.etcdspring.client.EtcdSupervisedStatus;
import dev.etcdspring.config.refresh.EtcdConfigWatcher;
import dev.etcdspring.test.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Configuration refresh and discovery for an etcd user that may read only the
 * application's own four contexts and the service prefix: the usual production role. etcd
 * refuses a watch on the contexts' common prefix for such a user; the starter says so
 * once and watches each context, still applying a transaction that spans two contexts as
 * one step.
 *
 * @author etcd-spring-boot-starter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdConfigLeastPrivilegeIntegrationTests {

	private static final String ROOT_PASSWORD = "root-" + UUID.randomUUID();

	private static final String PASSWORD = "orders-" + UUID.randomUUID();

	private static EtcdServer etcd;

	private static Client root;

	@BeforeAll
	static void startEtcdWithALeastPrivilegeRole() {
		etcd = EtcdServer.builder().start();
		etcd.enableAuth(ROOT_PASSWORD);
		etcd.addUserWithoutPermissions("orders", PASSWORD);
		for (String context : List.of("/lp/application/", "/lp/application,dev/", "/lp/orders/", "/lp/orders,dev/")) {
			etcd.grant("orders", context, false);
		}
		etcd.grant("orders", "/services/", true);
		root = etcd.clientBuilder().user(bytes("root")).password(bytes(ROOT_PASSWORD)).build();
	}

	@AfterAll
	static void stopEtcd() {
		if (root != null) {
			root.close();
		}
		if (etcd != null) {
			etcd.close();
		}
	}

	@Test
	void refreshWorksAndACrossContextTransactionIsNeverSeenHalfApplied(CapturedOutput output) throws Exception {
		put("/lp/application/pair/a", "0");
		put("/lp/orders,dev/pair/b", "0");
		put("/lp/orders/greeting/message", "loaded");
		try (ConfigurableApplicationContext context = run()) {
			Environment env = context.getEnvironment();
			ConfigTestApp.GreetingProperties greeting = context.getBean(ConfigTestApp.GreetingProperties.class);
			assertThat(greeting.getMessage()).isEqualTo("loaded");
			EtcdConfigWatcher watcher = context.getBean(EtcdConfigWatcher.class);
			await().atMost(Duration.ofSeconds(20)).until(watcher::isWatchingEachContext);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> watcher.statuses().size() == 4
						&& watcher.statuses().stream().allMatch(EtcdSupervisedStatus::isActive));
			put("/lp/orders/greeting/message", "changed");
			await().atMost(Duration.ofSeconds(10)).until(() -> "changed".equals(greeting.getMessage()));

			AtomicBoolean stop = new AtomicBoolean();
			AtomicReference<String> mixed = new AtomicReference<>();
			Thread reader = new Thread(() -> {
				while (!stop.get() && mixed.get() == null) {
					String a1 = env.getProperty("pair.a");
					String b = env.getProperty("pair.b");
					String a2 = env.getProperty("pair.a");
					if (a1 != null && a1.equals(a2) && !a1.equals(b)) {
						mixed.set(a1 + "/" + b);
					}
				}
			});
			reader.start();
			int rounds = 150;
			for (int i = 1; i <= rounds; i++) {
				String value = Integer.toString(i);
				root.getKVClient()
					.txn()
					.Then(Op.put(bytes("/lp/application/pair/a"), bytes(value), PutOption.DEFAULT),
							Op.put(bytes("/lp/orders,dev/pair/b"), bytes(value), PutOption.DEFAULT))
					.commit()
					.get(10, java.util.concurrent.TimeUnit.SECONDS);
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Integer.toString(rounds).equals(env.getProperty("pair.a"))
						&& Integer.toString(rounds).equals(env.getProperty("pair.b")));
			stop.set(true);
			reader.join(10_000);
			assertThat(mixed.get()).isNull();
			assertThat(output).containsOnlyOnce("etcd refused the configuration watch on the common prefix '/lp/'")
				.contains("'orders' lacks the permission to read the range starting at '/lp/'")
				.doesNotContain(PASSWORD);
		}
	}

	@Test
	void discoveryWorksForTheRole() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			DiscoveryClient discovery = context.getBean(DiscoveryClient.class);
			put("/services/billing/billing-1",
					"{\"serviceId\":\"billing\",\"instanceId\":\"billing-1\",\"host\":\"127.0.0.1\",\"port\":9000,"
							+ "\"secure\":false,\"metadata\":{}}");
			await().atMost(Duration.ofSeconds(10)).until(() -> discovery.getInstances("billing").size() == 1);
		}
	}

	@Test
	void aWatchOnAKeyTheRoleMayNotReadIsDeniedVisiblyAndNotLoopedOn(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			EtcdClient client = context.getBean(EtcdClient.class);
			try (var watch = client.watch(dev.etcdspring.client.EtcdWatchOptions.prefix("/secret/").fromRevision(1),
					(event) -> {
					})) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> watch.status().state() == EtcdSupervisedState.DENIED);
				Map<String, Object> status = watch.status().toMap();
				assertThat(status).containsEntry("state", "DENIED").containsEntry("active", false);
				assertThat((String) status.get("lastError")).contains("'orders'")
					.contains("read the range starting at '/secret/'");
				assertThat(output).doesNotContain(PASSWORD);
			}
		}
	}

	private static ConfigurableApplicationContext run() {
		return ConfigTestApp.run(etcd.endpoints(), "spring.config.import=etcd:", "etcd.config.prefix=/lp",
				"spring.profiles.active=dev", "etcd.username=orders", "etcd.password=" + PASSWORD,
				"etcd.retry.denied-interval=500ms", "etcd.registration.enabled=false",
				"logging.level.dev.etcdspring=DEBUG");
	}

	private static void put(String key, String value) throws Exception {
		root.getKVClient().put(bytes(key), bytes(value)).get(10, java.util.concurrent.TimeUnit.SECONDS);
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
