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

package dev.etcdspring.sample;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.test.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link TestSampleApplication} as {@code spring-boot:test-run} runs it, in a JVM of its
 * own that is stopped with SIGTERM, as Ctrl+C stops it.
 *
 * @author etcd-spring-boot-starter authors
 */
class TestSampleApplicationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(120);

	@Test
	void etcdStartedForTheRunOutlivesTheApplicationOnSigterm(@TempDir Path temp) throws Exception {
		int etcdPort = FreePorts.pick();
		Path log = temp.resolve("sample.log");
		Process sample = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dsample.etcd.port=" + etcdPort, "-cp", System.getProperty("java.class.path"),
				TestSampleApplication.class.getName(), "--server.port=0", "--etcd.registration.host=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			await("the sample to start (its output is in " + log + ")").atMost(PATIENCE)
				.failFast("the sample exited (its output is in " + log + ")", () -> !sample.isAlive())
				.until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("etcd for the sample: "));
			String started = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(started).contains("127.0.0.1:" + etcdPort + " (started for this run, stopped on exit)")
				.contains("Registered ");
			sample.destroy();
			assertThat(sample.waitFor(60, TimeUnit.SECONDS)).as("the sample exited on SIGTERM").isTrue();
		}
		finally {
			if (sample.isAlive()) {
				sample.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		String shutdown = output.substring(output.indexOf("etcd for the sample: "));
		// The lease is revoked while etcd still runs: nothing fails on the way out.
		assertThat(shutdown).contains("Deregistered ").doesNotContain(" WARN ").doesNotContain(" ERROR ");
		// and the etcd started for the run is gone with it
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), etcdPort).close());
	}

}
