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
package dev.etcdspring.serviceregistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.etcdspring.test.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.OptionsUtil;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registration as an etcd user that may not write the registration key: reported once,
 * shown as {@code DENIED} in the actuator, retried with back-off, registered without a
 * restart once the permission is granted, and no lease left behind by the refused
 * attempts. Against a private etcd with authentication on.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("etcd")
@ExtendWith(OutputCaptureExtension.class)
class EtcdRegistrationPermissionIntegrationTests {

	private static final String ROOT_PASSWORD = "r00t-" + UUID.randomUUID();

	private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

	private static final AtomicInteger users = new AtomicInteger();

	private static EtcdServer etcd;

	private static Client root;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final String prefix = TestApps.uniquePrefix();

	@BeforeAll
	static void startEtcdWithAuth() {
		etcd = EtcdServer.builder().start();
		etcd.enableAuth(ROOT_PASSWORD);
		root = etcd.clientBuilder().user(bytes("root")).password(bytes(ROOT_PASSWORD)).build();
	}

	@AfterAll
	static void stopEtcd() {
		root.close();
		etcd.close();
	}

	@AfterEach
	void closeApps() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void deniedRegistrationIsReportedOnceAndRegistersOncePermissionIsGranted(CapturedOutput output) throws Exception {
		String user = newUser("/elsewhere-" + UUID.randomUUID() + "/");
		ConfigurableApplicationContext app = start(user, PASSWORD);
		EtcdServiceRegistry registry = app.getBean(EtcdServiceRegistry.class);
		EtcdRegistration registration = app.getBean(EtcdRegistration.class);
		String key = registration.getKey();
		String servicePrefix = this.prefix + "/alpha/";
		assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.DENIED);
		// Several refused attempts, each one granting a lease first.
		await().atMost(Duration.ofSeconds(30)).until(() -> registry.getConsecutiveFailures(registration) >= 3);
		assertThat(report(app)).containsEntry("state", "DENIED")
			.containsEntry("leaseId", null)
			.containsEntry("lastError", "permission denied: the etcd user (etcd.username) may not write '" + key
					+ "'; it needs write permission on '" + servicePrefix + "'");
		assertThat(occurrences(output, "etcd denied registering " + key)).isOne();
		assertThat(output)
			.contains("etcd denied registering " + key + ": user '" + user
					+ "' (etcd.username) may not write the key. Grant it write permission on the key's prefix '"
					+ servicePrefix + "'")
			.doesNotContain(PASSWORD)
			.doesNotContain("Could not register " + key);
		// Polled: a retry holds a lease for the milliseconds until it is refused.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(leases()).as("leases left by refused attempts").isEmpty());
		assertThat(get(key)).isNull();

		grant(user, servicePrefix, Permission.Type.READWRITE);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> registry.getState(registration) == EtcdRegistrationState.REGISTERED);
		KeyValue written = get(key);
		assertThat(written).isNotNull();
		assertThat(written.getLease()).isEqualTo(registry.getLeaseId(registration));
		assertThat(leases()).containsExactly(registry.getLeaseId(registration));
		assertThat(report(app)).containsEntry("state", "REGISTERED")
			.containsEntry("lastError", null)
			.containsEntry("consecutiveFailures", 0);
		assertThat(output).containsPattern("Registered " + Pattern.quote(registration.toString())
				+ " in etcd with lease [0-9a-f]+ after [0-9]+ failed attempt\\(s\\)");
		assertThat(occurrences(output, "etcd denied registering " + key)).isOne();
		String json = JsonMapper.builder().build().writeValueAsString(report(app));
		assertThat(json).doesNotContain(user).doesNotContain(PASSWORD);
	}

	@Test
	void rejectedCredentialsAreReportedAsSuch(CapturedOutput output) {
		String user = newUser("/elsewhere-" + UUID.randomUUID() + "/");
		String wrong = "wrong-" + UUID.randomUUID();
		ConfigurableApplicationContext app = start(user, wrong);
		EtcdServiceRegistry registry = app.getBean(EtcdServiceRegistry.class);
		EtcdRegistration registration = app.getBean(EtcdRegistration.class);
		assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.DENIED);
		assertThat(registry.getLastError(registration))
			.isEqualTo("etcd rejected the credentials (etcd.username, etcd.password)");
		assertThat(output)
			.contains("etcd rejected the credentials of user '" + user + "' (etcd.username) while" + " registering "
					+ registration.getKey() + "; check etcd.username and etcd.password")
			.doesNotContain(wrong)
			.doesNotContain(PASSWORD);
	}

	@Test
	void userThatMayWriteButNotReadItsKeyIsRegisteredAndWarnedOnceAboutTheKeyWatch(CapturedOutput output) {
		String user = newUser("/elsewhere-" + UUID.randomUUID() + "/");
		String servicePrefix = this.prefix + "/alpha/";
		grant(user, servicePrefix, Permission.Type.WRITE);
		ConfigurableApplicationContext app = start(user, PASSWORD);
		EtcdServiceRegistry registry = app.getBean(EtcdServiceRegistry.class);
		EtcdRegistration registration = app.getBean(EtcdRegistration.class);
		assertThat(registry.getState(registration)).isEqualTo(EtcdRegistrationState.REGISTERED);
		assertThat(get(registration.getKey())).isNotNull();
		String warning = "etcd denied watching the registration key " + registration.getKey() + " to user '" + user
				+ "' (etcd.username)";
		await().atMost(Duration.ofSeconds(20)).until(() -> occurrences(output, warning) == 1);
		// jetcd would re-authenticate and re-watch every 500 ms: the watch is closed.
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> occurrences(output, warning) == 1
					&& registry.getState(registration) == EtcdRegistrationState.REGISTERED);
	}

	private ConfigurableApplicationContext start(String user, String password) {
		ConfigurableApplicationContext context = TestApps.start(etcd.endpoint(), this.prefix, "alpha",
				"etcd.username=" + user, "etcd.password=" + password, "etcd.discovery.enabled=false",
				"etcd.registration.ttl=30s", "etcd.retry.denied-interval=1s");
		this.contexts.add(context);
		return context;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> report(ConfigurableApplicationContext app) {
		return (Map<String, Object>) app.getBean(EtcdRegistrationStateReporter.class).report();
	}

	private static String newUser(String allowedPrefix) {
		String user = "registrar-" + users.incrementAndGet();
		etcd.addUser(user, PASSWORD, allowedPrefix);
		return user;
	}

	private static void grant(String role, String prefix, Permission.Type type) {
		ByteSequence key = bytes(prefix);
		root.getAuthClient()
			.roleGrantPermission(bytes(role), key, OptionsUtil.prefixEndOf(key), type)
			.orTimeout(10, TimeUnit.SECONDS)
			.join();
	}

	private static KeyValue get(String key) {
		List<KeyValue> kvs = root.getKVClient().get(bytes(key)).orTimeout(10, TimeUnit.SECONDS).join().getKvs();
		return kvs.isEmpty() ? null : kvs.get(0);
	}

	/**
	 * Every lease in etcd. jetcd has no call for it, so this asks etcd's JSON gateway
	 * ({@code /v3/lease/leases}, on the client port of etcd 3.4 and 3.5) as root, with no
	 * tool besides etcd needed.
	 */
	private static List<Long> leases() throws IOException, InterruptedException {
		JsonMapper json = JsonMapper.builder().build();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		JsonNode token = post(http, json, "/v3/auth/authenticate",
				json.writeValueAsString(Map.of("name", "root", "password", ROOT_PASSWORD)), null)
			.path("token");
		assertThat(token.isString()).as("a token from /v3/auth/authenticate").isTrue();
		List<Long> leases = new ArrayList<>();
		for (JsonNode lease : post(http, json, "/v3/lease/leases", "{}", token.asString()).path("leases")) {
			// int64 fields are strings in the gateway's JSON
			leases.add(Long.parseLong(lease.path("ID").asString()));
		}
		return leases;
	}

	private static JsonNode post(HttpClient http, JsonMapper json, String path, String body, @Nullable String token)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(etcd.endpoint() + path))
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", token);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		// The body names no secret: an error, or a token that is never printed.
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static int occurrences(CapturedOutput output, String text) {
		Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(output.getAll());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
