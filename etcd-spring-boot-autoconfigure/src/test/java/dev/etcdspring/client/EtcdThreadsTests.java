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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.watch.EtcdWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The threads the starter runs, as a thread dump shows them: every one is a daemon, named
 * from the short list the README gives, and an application that never closes its context
 * still lets its JVM exit once {@code main} returns.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdThreadsTests {

	/** The README's list of the starter's threads, by name prefix. */
	private static final Set<String> DOCUMENTED = Set.of("etcd-callback-", "etcd-scheduler-", "etcd-config-apply-",
			"etcd-registration-");

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void everyStarterThreadIsADaemonNamedAsTheReadmeSays(EtcdServer etcd) {
		String root = "/threads-" + UUID.randomUUID().toString().substring(0, 8);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ThreadsApp.class)
			.web(WebApplicationType.SERVLET)
			.properties(properties(etcd.endpoint(), root))
			.properties("server.port=0", "etcd.registration.host=127.0.0.1", "etcd.discovery.prefix=" + root + "/svc")
			.run()) {
			EtcdClient client = context.getBean(EtcdClient.class);
			ThreadsApp.Greeting greeting = context.getBean(ThreadsApp.Greeting.class);
			ThreadsApp.Watcher watcher = context.getBean(ThreadsApp.Watcher.class);
			DiscoveryClient discovery = context.getBean(DiscoveryClient.class);
			await().atMost(PATIENCE).until(() -> discovery.getInstances("threads").size() == 1);
			client.put(root + "/threads/greeting/message", "changed");
			client.put(root + "/watched", "seen");
			await().atMost(PATIENCE).until(() -> "changed".equals(greeting.getMessage()));
			await().atMost(PATIENCE).until(() -> watcher.values.contains("seen"));
			List<Thread> starterThreads = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getName().startsWith("etcd-"))
				.toList();
			assertThat(starterThreads).allSatisfy(
					(thread) -> assertThat(thread.isDaemon()).as("thread %s is a daemon", thread.getName()).isTrue());
			Set<String> prefixes = starterThreads.stream()
				.map((thread) -> thread.getName().replaceAll("\\d+$", ""))
				.collect(Collectors.toCollection(TreeSet::new));
			// etcd-scheduler-1 starts with the first retry only; the others must run.
			assertThat(DOCUMENTED).containsAll(prefixes);
			assertThat(prefixes).contains("etcd-callback-", "etcd-config-apply-", "etcd-registration-");
		}
	}

	@Test
	void jvmWhoseMainReturnsWithoutClosingTheContextExits(EtcdServer etcd, @TempDir Path temp)
			throws IOException, InterruptedException {
		String root = "/batch-" + UUID.randomUUID().toString().substring(0, 8);
		Path log = temp.resolve("child.log");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				BatchMain.class.getName(), etcd.endpoint(), root)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			boolean exited = child.waitFor(120, TimeUnit.SECONDS);
			String childOutput = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(childOutput).as("child output").contains(BatchMain.DONE);
			assertThat(exited)
				.as("child JVM exited by itself; its live non-daemon threads:%n%s",
						exited ? "" : nonDaemonThreads(child.pid(), temp))
				.isTrue();
			assertThat(child.exitValue()).isZero();
		}
		finally {
			if (child.isAlive()) {
				child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * The headers of the child's non-daemon threads, from a thread dump: what keeps it
	 * alive.
	 */
	private static String nonDaemonThreads(long pid, Path temp) throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Path out = temp.resolve("threads.txt");
		Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true)
			.redirectOutput(out.toFile())
			.start();
		if (!dump.waitFor(30, TimeUnit.SECONDS)) {
			dump.destroyForcibly();
			return "(no thread dump within 30 s)";
		}
		return Files.readAllLines(out, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> line.startsWith("\"") && line.contains(" #") && !line.contains(" daemon "))
			.collect(Collectors.joining(System.lineSeparator()));
	}

	static String[] properties(String endpoint, String root) {
		return new String[] { "spring.application.name=threads", "etcd.endpoints=" + endpoint,
				"spring.config.import=etcd:", "etcd.config.prefix=" + root, "watched.key=" + root + "/watched",
				"etcd.request-timeout=2s", "etcd.registration.ttl=2s", "spring.jmx.enabled=false",
				"spring.main.banner-mode=off", "management.health.etcd.enabled=false" };
	}

	/**
	 * A batch application: it starts, sees one configuration change and one watched
	 * change applied, and returns from {@code main} without closing its context.
	 */
	public static final class BatchMain {

		static final String DONE = "BATCH MAIN RETURNS";

		private BatchMain() {
		}

		public static void main(String[] args) {
			String endpoint = args[0];
			String root = args[1];
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ThreadsApp.class)
				.web(WebApplicationType.NONE)
				.properties(properties(endpoint, root))
				.properties("etcd.registration.enabled=false")
				.run();
			EtcdClient client = context.getBean(EtcdClient.class);
			client.put(root + "/threads/greeting/message", "changed");
			client.put(root + "/watched", "seen");
			ThreadsApp.Greeting greeting = context.getBean(ThreadsApp.Greeting.class);
			ThreadsApp.Watcher watcher = context.getBean(ThreadsApp.Watcher.class);
			await().atMost(PATIENCE).until(() -> "changed".equals(greeting.getMessage()));
			await().atMost(PATIENCE).until(() -> watcher.values.contains("seen"));
			System.out.println(DONE);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableConfigurationProperties(ThreadsApp.Greeting.class)
	static class ThreadsApp {

		@Bean
		Watcher watcher() {
			return new Watcher();
		}

		static class Watcher {

			final List<String> values = new CopyOnWriteArrayList<>();

			@EtcdWatch("${watched.key}")
			void changed(String value) {
				this.values.add(value);
			}

		}

		@ConfigurationProperties("greeting")
		static class Greeting {

			private String message = "default";

			public String getMessage() {
				return this.message;
			}

			public void setMessage(String message) {
				this.message = message;
			}

		}

	}

}
