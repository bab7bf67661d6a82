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

package dev.etcdspring.health;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTls;
import io.etcd.jetcd.cluster.Member;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EtcdHealthIndicator} against an etcd that advertises a client URL the
 * application cannot reach, as in Docker Compose, Kubernetes or behind a proxy.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdHealthBehindProxyTests {

	/**
	 * What a member in a container typically advertises: a name only its own network
	 * resolves ({@code .invalid} never resolves).
	 */
	private static final String ADVERTISED = "http://etcd.invalid:2379";

	private static EtcdServer etcd;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class));

	@BeforeAll
	static void startEtcdAdvertisingAnUnresolvableUrl() {
		etcd = EtcdServer.builder().arguments("--advertise-client-urls=" + ADVERTISED).start();
	}

	@AfterAll
	static void stopEtcd() {
		etcd.close();
	}

	@Test
	void upWithLeaderRevisionAndVersionThroughTheConfiguredEndpoint() {
		this.runner.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.request-timeout=3s")
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				List<Member> members = client.jetcd()
					.getClusterClient()
					.listMember()
					.get(10, TimeUnit.SECONDS)
					.getMembers();
				assertThat(members).singleElement()
					.satisfies((member) -> assertThat(member.getClientURIs()).containsExactly(URI.create(ADVERTISED)));
				Health health = context.getBean(EtcdHealthIndicator.class).health();
				assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).doesNotContainKey("error")
					.containsEntry("endpoints", List.of(etcd.endpoint()))
					.containsEntry("members", List.of(etcd.name()));
				assertThat((String) health.getDetails().get("leader")).isNotEqualTo("0");
				assertThat((Long) health.getDetails().get("revision")).isPositive();
				assertThat((String) health.getDetails().get("version")).startsWith("3.");
			});
	}

	@Test
	void upOverTlsThroughTheConfiguredEndpoint() {
		try (EtcdTls tls = EtcdTls.generate();
				EtcdServer secure = EtcdServer.builder()
					.tls(tls)
					.arguments("--advertise-client-urls=https://etcd.invalid:2379")
					.start()) {
			this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues("etcd.endpoints=" + secure.endpoint(), "etcd.ssl.bundle=etcd",
						"spring.ssl.bundle.pem.etcd.truststore.certificate=" + tls.caCertificate().toUri(),
						"etcd.request-timeout=3s")
				.run((context) -> {
					Health health = context.getBean(EtcdHealthIndicator.class).health();
					assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
					assertThat((String) health.getDetails().get("leader")).isNotEqualTo("0");
					assertThat((String) health.getDetails().get("version")).startsWith("3.");
				});
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void probesReuseTheClientsConnection() {
		try (EtcdServer own = EtcdServer.startNew()) {
			this.runner.withPropertyValues("etcd.endpoints=" + own.endpoint()).run((context) -> {
				EtcdHealthIndicator indicator = context.getBean(EtcdHealthIndicator.class);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
				int port = own.endpointUri().getPort();
				long before = tcpSocketsOnPort(port);
				for (int i = 0; i < 10; i++) {
					assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
				}
				// A connection per probe would leave a socket in TIME_WAIT per probe.
				assertThat(tcpSocketsOnPort(port)).isLessThanOrEqualTo(before);
			});
		}
	}

	/**
	 * Count the TCP sockets (any state but LISTEN) with the port at either end, from
	 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
	 */
	private static long tcpSocketsOnPort(int port) throws IOException {
		String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
		long count = 0;
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path path = Path.of(table);
			if (!Files.exists(path)) {
				continue;
			}
			count += Files.readAllLines(path)
				.stream()
				.skip(1)
				.map(String::trim)
				.map((line) -> line.split("\\s+"))
				.filter((fields) -> fields.length > 3 && !"0A".equals(fields[3]))
				.filter((fields) -> fields[1].endsWith(hexPort) || fields[2].endsWith(hexPort))
				.count();
		}
		return count;
	}

}
