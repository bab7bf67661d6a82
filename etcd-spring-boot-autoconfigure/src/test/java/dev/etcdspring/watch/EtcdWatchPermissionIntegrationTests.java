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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.actuate.EtcdEndpoint;
import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClientFactory;
import dev.etcdspring.client.EtcdProperties;
import dev.etcdspring.client.PropertiesEtcdConnectionDetails;
import dev.etcdspring.test.EtcdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link EtcdWatch @EtcdWatch} method on a prefix the application's etcd user may not
 * read: the refusal is shown as {@code DENIED} in {@code /actuator/etcd}, logged once,
 * retried slowly, and the method receives changes as soon as the permission is granted,
 * without restart.
 *
 * @author etcd-spring-boot-starter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdWatchPermissionIntegrationTests {

	private static final String USER = "watcher";

	@Test
	void refusedWatchIsDeniedLoggedOnceAndDeliversOnceGranted(CapturedOutput output) {
		String rootPassword = "root-" + UUID.randomUUID();
		String password = "watcher-" + UUID.randomUUID();
		String prefix = "/secret-" + UUID.randomUUID().toString().substring(0, 8) + "/";
		try (EtcdServer etcd = EtcdServer.builder().start()) {
			etcd.enableAuth(rootPassword);
			etcd.addUserWithoutPermissions(USER, password);
			etcd.grant(USER, "/elsewhere/", false);
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WatchApp.class)
				.web(WebApplicationType.NONE)
				.properties("etcd.endpoints=" + etcd.endpoint(), "etcd.username=" + USER, "etcd.password=" + password,
						"etcd.request-timeout=2s", "etcd.retry.denied-interval=500ms", "watched.prefix=" + prefix,
						"etcd.registration.enabled=false", "etcd.discovery.enabled=false",
						"management.health.etcd.enabled=false", "management.endpoints.web.exposure.include=etcd",
						"spring.jmx.enabled=false", "spring.main.banner-mode=off")
				.run(); DefaultEtcdClient root = rootClient(etcd, rootPassword)) {
				EtcdEndpoint endpoint = context.getBean(EtcdEndpoint.class);
				SecretWatcher watcher = context.getBean(SecretWatcher.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> "DENIED".equals(watch(endpoint).get("state")));
				Map<String, Object> watch = watch(endpoint);
				assertThat(watch).containsEntry("key", prefix).containsEntry("active", false);
				@SuppressWarnings("unchecked")
				Map<String, Object> status = (Map<String, Object>) watch.get("watch");
				assertThat(status).containsEntry("state", "DENIED");
				assertThat((String) status.get("lastError")).contains("'" + USER + "'")
					.contains("read the range starting at '" + prefix + "'");
				// Retried every half second, refused each time, and yet one WARN.
				int failures = (int) status.get("consecutiveFailures");
				await().atMost(Duration.ofSeconds(10))
					.during(Duration.ofSeconds(3))
					.until(() -> deniedWarnings(output, prefix) == 1);
				assertThat(consecutiveFailures(endpoint)).isGreaterThan(failures + 2);
				assertThat(output).doesNotContain(password).doesNotContain(rootPassword);

				etcd.grant(USER, prefix, false);
				await().atMost(Duration.ofSeconds(20)).until(() -> "ACTIVE".equals(watch(endpoint).get("state")));
				root.put(prefix + "key", "granted");
				await().atMost(Duration.ofSeconds(10)).until(() -> watcher.values.contains("granted"));
				assertThat(watch(endpoint)).containsEntry("active", true);
				assertThat(deniedWarnings(output, prefix)).isEqualTo(1);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> watch(EtcdEndpoint endpoint) {
		List<Map<String, Object>> watches = (List<Map<String, Object>>) endpoint.etcd().get("watches");
		assertThat(watches).hasSize(1);
		return watches.get(0);
	}

	@SuppressWarnings("unchecked")
	private static int consecutiveFailures(EtcdEndpoint endpoint) {
		return (int) ((Map<String, Object>) watch(endpoint).get("watch")).get("consecutiveFailures");
	}

	private static long deniedWarnings(CapturedOutput output, String prefix) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains(" WARN ") && line.contains("SecretWatcher") && line.contains(prefix))
			.count();
	}

	private static DefaultEtcdClient rootClient(EtcdServer etcd, String rootPassword) {
		EtcdProperties properties = new EtcdProperties();
		properties.setEndpoints(etcd.endpoints());
		properties.setUsername("root");
		properties.setPassword(rootPassword);
		return new EtcdClientFactory(new PropertiesEtcdConnectionDetails(properties, null), properties, List.of())
			.createClient();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WatchApp {

		@Bean
		SecretWatcher secretWatcher() {
			return new SecretWatcher();
		}

	}

	static class SecretWatcher {

		final List<String> values = new CopyOnWriteArrayList<>();

		@EtcdWatch(key = "${watched.prefix}", prefix = true)
		void changed(String value) {
			this.values.add(value);
		}

	}

}
