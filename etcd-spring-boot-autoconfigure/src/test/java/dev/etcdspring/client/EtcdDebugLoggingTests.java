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

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

import dev.etcdspring.test.EtcdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The debug logging the README suggests shows connections and retries, never the password
 * or the auth token. (grpc-netty's HTTP/2 frame logger,
 * {@code io.grpc.netty.NettyClientHandler} at DEBUG, prints both: every request's
 * {@code token} header and the Authenticate request's bytes.)
 *
 * @author etcd-spring-boot-starter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdDebugLoggingTests {

	@Test
	void suggestedDebugLoggersNeverPrintThePasswordOrTheToken(CapturedOutput output) {
		String password = "pw-" + UUID.randomUUID();
		try (EtcdServer etcd = EtcdServer.startNew()) {
			etcd.addUser("orders", password, "/orders/");
			etcd.enableAuth("r00t-" + UUID.randomUUID());
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
				.web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "etcd.endpoints=" + etcd.endpoint(), "etcd.username=orders",
						"etcd.password=" + password, "etcd.request-timeout=3s",
						// The README's suggestions, at their most verbose.
						"logging.level.io.etcd.jetcd=TRACE", "logging.level.io.grpc=TRACE",
						"logging.level.io.grpc.netty.NettyClientHandler=INFO")
				.run()) {
				EtcdClient client = context.getBean(EtcdClient.class);
				client.put("/orders/a", "b");
				assertThat(client.get("/orders/a")).isPresent();
				assertThat(client.status().hasLeader()).isTrue();
				assertThatExceptionOfType(EtcdAuthenticationException.class).isThrownBy(() -> client.get("/other"));
			}
		}
		assertThat(output).as("the loggers were on").contains("io.grpc.ChannelLogger", "READY");
		// Booleans, so that a failure does not print the output it found the secret in.
		String all = output.getAll();
		String hexPassword = HexFormat.of().formatHex(password.getBytes(StandardCharsets.UTF_8));
		assertThat(all.contains(password)).as("password in the output").isFalse();
		assertThat(all.toLowerCase(Locale.ROOT).contains(hexPassword)).as("password bytes in the output").isFalse();
		assertThat(all.contains("token:")).as("token header in the output").isFalse();
		assertThat(all.contains("OUTBOUND HEADERS")).as("HTTP/2 frames in the output").isFalse();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdClientAutoConfiguration.class)
	static class App {

	}

}
