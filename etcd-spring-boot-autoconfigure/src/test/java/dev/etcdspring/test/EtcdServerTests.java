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

package dev.etcdspring.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link EtcdServer}.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdServerTests {

	@Test
	void sharedServerServesPutAndGet(EtcdServer etcd) throws Exception {
		assertThat(etcd.isRunning()).isTrue();
		assertThat(etcd.endpoint()).startsWith("http://127.0.0.1:");
		assertThat(etcd.endpoints()).containsExactly(etcd.endpoint());
		assertThat(etcd.endpointUri()).isEqualTo(URI.create(etcd.endpoint()));
		try (Client client = etcd.clientBuilder().build()) {
			put(client, "/harness/shared", "hello");
			assertThat(get(client, "/harness/shared")).isEqualTo("hello");
		}
	}

	@Test
	void stopAndStartKeepEndpointAndData() throws Exception {
		try (EtcdServer etcd = EtcdServer.builder().name("restart").start()) {
			String endpoint = etcd.endpoint();
			try (Client client = etcd.clientBuilder().build()) {
				put(client, "/harness/restart", "kept");
			}
			etcd.stop();
			assertThat(etcd.isRunning()).isFalse();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(etcd.endpointUri().getPort()));
			etcd.start();
			assertThat(etcd.isRunning()).isTrue();
			assertThat(etcd.endpoint()).isEqualTo(endpoint);
			try (Client client = etcd.clientBuilder().build()) {
				assertThat(get(client, "/harness/restart")).isEqualTo("kept");
			}
		}
	}

	@Test
	void closeStopsServerAndDeletesItsDirectory() {
		EtcdServer etcd = EtcdServer.startNew();
		Path dataDir = etcd.dataDir();
		assertThat(dataDir).isDirectory();
		assertThat(etcd.logFile()).isNotEmptyFile();
		etcd.close();
		assertThat(etcd.isRunning()).isFalse();
		assertThat(dataDir.getParent()).doesNotExist();
		assertThatIllegalStateException().isThrownBy(etcd::start).withMessageContaining("is closed");
	}

	@Test
	void enableAuthRequiresCredentials() throws Exception {
		try (EtcdServer etcd = EtcdServer.builder().name("auth").start()) {
			etcd.enableAuth("root-secret");
			try (Client anonymous = etcd.clientBuilder().build()) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> put(anonymous, "/a", "b"))
					.withMessageContaining("user name is empty");
			}
			try (Client root = etcd.clientBuilder().user(bytes("root")).password(bytes("root-secret")).build()) {
				put(root, "/a", "b");
				assertThat(get(root, "/a")).isEqualTo("b");
			}
		}
	}

	@Test
	void addUserGrantsAccessToItsKeyPrefixOnly() throws Exception {
		try (EtcdServer etcd = EtcdServer.builder().name("users").start()) {
			etcd.enableAuth("root-secret");
			etcd.addUser("alice", "alice-secret", "/alice/");
			try (Client alice = etcd.clientBuilder().user(bytes("alice")).password(bytes("alice-secret")).build()) {
				put(alice, "/alice/greeting", "hi");
				assertThat(get(alice, "/alice/greeting")).isEqualTo("hi");
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> put(alice, "/bob/greeting", "hi"))
					.withMessageContaining("permission denied");
			}
		}
	}

	@Test
	void startPicksOtherPortsWhenOneIsTaken() throws Exception {
		EtcdServer etcd = new EtcdServer(EtcdServer.builder().settings(), "conflict", new EtcdServer.AuthState(),
				false);
		try (etcd; ServerSocket taken = bind(etcd.ports().client())) {
			etcd.start();
			assertThat(etcd.isRunning()).isTrue();
			assertThat(etcd.endpointUri().getPort()).isNotEqualTo(taken.getLocalPort());
		}
	}

	@Test
	void restartFailsWhenItsPortIsTaken() throws Exception {
		try (EtcdServer etcd = EtcdServer.builder().name("taken").start()) {
			etcd.stop();
			try (ServerSocket taken = bind(etcd.endpointUri().getPort())) {
				assertThatIllegalStateException().isThrownBy(etcd::start)
					.withMessageContaining("address already in use");
			}
		}
	}

	@Test
	void startFailureReportsTheEndOfTheLog() {
		assertThatIllegalStateException()
			.isThrownBy(() -> EtcdServer.builder().name("broken").arguments("--no-such-flag").start())
			.withMessageContaining("exited with code")
			.withMessageContaining("no-such-flag");
	}

	@Test
	void clientCertAuthRequiresTls() {
		assertThatIllegalStateException().isThrownBy(() -> EtcdServer.builder().clientCertAuth(true).start())
			.withMessage("clientCertAuth requires tls");
	}

	@Test
	void launchFailureNamesTheBinary() {
		EtcdServer.Settings settings = new EtcdServer.Settings(new EtcdBinaryLauncher(Path.of("/nonexistent/bin/etcd")),
				null, false, List.of(), Duration.ofSeconds(5));
		try (EtcdServer etcd = new EtcdServer(settings, "missing", new EtcdServer.AuthState(), false)) {
			assertThatIllegalStateException().isThrownBy(etcd::start)
				.withMessageContaining("etcd binary /nonexistent/bin/etcd")
				.withMessageContaining("could not be launched");
		}
	}

	private static ServerSocket bind(int port) throws IOException {
		return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			// connected
		}
	}

	static void put(Client client, String key, String value) throws Exception {
		client.getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS);
	}

	static @Nullable String get(Client client, String key) throws Exception {
		GetResponse response = client.getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS);
		return response.getKvs().isEmpty() ? null
				: response.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
	}

	static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
