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

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.etcdspring.health.EtcdHealthContributorAutoConfiguration;
import dev.etcdspring.health.EtcdHealthIndicator;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Credentials in endpoint URLs are refused, and no endpoint, message, log line or health
 * detail ever shows a password.
 *
 * @author etcd-spring-boot-starter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdEndpointCredentialsTests {

	private static final String SECRET = "s3cret-" + UUID.randomUUID();

	private static final String ROOT_PASSWORD = "r00t-" + UUID.randomUUID();

	private static EtcdServer etcd;

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class));

	@BeforeAll
	static void startEtcdWithAuthentication() {
		etcd = EtcdServer.startNew();
		etcd.addUser("orders", SECRET, "/orders/");
		etcd.enableAuth(ROOT_PASSWORD);
	}

	@AfterAll
	static void stopEtcd() {
		etcd.close();
	}

	@AfterEach
	void nothingPrintedTheSecret(CapturedOutput output) {
		assertThat(output.getAll().contains(SECRET)).as("the secret in the output").isFalse();
	}

	@Test
	void credentialsInAnEndpointFailStartupNamingTheProperties() {
		this.runner.withPropertyValues("etcd.endpoints=http://orders:" + SECRET + "@127.0.0.1:2379").run((context) -> {
			assertThat(context).hasFailed();
			InvalidConfigurationPropertyValueException failure = rootCause(context.getStartupFailure());
			assertThat(failure.getName()).isEqualTo("etcd.endpoints[0]");
			assertThat(failure.getValue()).isEqualTo("http://***@127.0.0.1:2379");
			assertThat(failure.getMessage()).contains("etcd.username", "etcd.password");
			assertThat(stackTrace(context.getStartupFailure())).doesNotContain(SECRET);
		});
	}

	@Test
	void credentialsInTheSecondEndpointNameIt() {
		this.runner
			.withPropertyValues("etcd.endpoints[0]=http://127.0.0.1:2379",
					"etcd.endpoints[1]=http://orders:" + SECRET + "@127.0.0.1:2380")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getName())
				.isEqualTo("etcd.endpoints[1]"));
	}

	@Test
	void aUserNameAloneIsRefusedToo() {
		this.runner.withPropertyValues("etcd.endpoints=http://orders@127.0.0.1:2379")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage()).contains("etcd.username",
					"etcd.password"));
	}

	@Test
	void aMalformedEndpointWithCredentialsIsNotEchoed() {
		for (String value : List.of("http://orders:" + SECRET + "@bad host:2379",
				"http://orders:" + SECRET + "/x@127.0.0.1:2379", "orders:" + SECRET + "@127.0.0.1:2379")) {
			this.runner.withPropertyValues("etcd.endpoints=" + value).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootCause(context.getStartupFailure()).getName()).isEqualTo("etcd.endpoints[0]");
				assertThat(stackTrace(context.getStartupFailure())).doesNotContain(SECRET);
			});
		}
	}

	@Test
	void theStartupFailureReportNamesThePropertiesWithoutThePassword(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("etcd.endpoints=http://orders:" + SECRET + "@127.0.0.1:2379"));
		assertThat(output).contains("etcd.endpoints[0]", "etcd.username", "etcd.password");
	}

	@Test
	void credentialsInAnImportLocationAreRefusedWithoutThePassword(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run("spring.config.import=etcd:orders:" + SECRET + "@127.0.0.1:" + port()))
			.satisfies((ex) -> assertThat(stackTrace(ex)).doesNotContain(SECRET));
		assertThat(output).contains("etcd.username", "etcd.password");
	}

	@Test
	void connectionDetailsWithCredentialsInTheUrlNeverShowThem() {
		URI withCredentials = URI.create("http://orders:" + SECRET + "@127.0.0.1:" + port());
		URI unreachable = URI
			.create(EtcdTestClients.unreachableEndpoint().replace("http://", "http://orders:" + SECRET + "@"));
		this.runner.withBean(EtcdConnectionDetails.class, () -> () -> List.of(unreachable, withCredentials))
			.withPropertyValues("etcd.request-timeout=2s")
			.run((context) -> {
				EtcdClient client = context.getBean(EtcdClient.class);
				assertThat(client.endpoints()).containsExactly(
						unreachable.toString().replace("orders:" + SECRET + "@", ""), "http://127.0.0.1:" + port());
				Health health = context.getBean(EtcdHealthIndicator.class).health();
				assertThat(health.toString()).doesNotContain(SECRET);
				assertThatExceptionOfType(EtcdException.class).isThrownBy(() -> client.get("/orders/x"))
					.satisfies(
							(ex) -> assertThat(stackTrace(ex)).doesNotContain(SECRET).contains("127.0.0.1:" + port()));
			});
	}

	@Test
	void healthIsUpForAnAuthenticatedUserAndShowsNoPassword() {
		this.runner
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.username=orders", "etcd.password=" + SECRET)
			.run((context) -> {
				Health health = context.getBean(EtcdHealthIndicator.class).health();
				assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
				assertThat((String) health.getDetails().get("leader")).isNotEqualTo("0");
				assertThat(health.toString()).doesNotContain(SECRET);
				assertThat(context.getBean(EtcdConnectionDetails.class).toString()).doesNotContain(SECRET);
			});
	}

	@Test
	void healthWithAWrongPasswordIsDownNamingThePropertiesNotThePassword() {
		String wrong = "wrong-" + SECRET;
		this.runner
			.withPropertyValues("etcd.endpoints=" + etcd.endpoint(), "etcd.username=orders", "etcd.password=" + wrong,
					"etcd.request-timeout=3s")
			.run((context) -> {
				Health health = context.getBean(EtcdHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("error").toString()).contains("etcd.username", "etcd.password");
				assertThat(health.toString()).doesNotContain(SECRET);
			});
	}

	private static void run(String... properties) {
		new SpringApplicationBuilder(CredentialsApp.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.cloud.config.enabled=false", "etcd.request-timeout=2s")
			.properties(properties)
			.run()
			.close();
	}

	private static int port() {
		return etcd.endpointUri().getPort();
	}

	private static InvalidConfigurationPropertyValueException rootCause(Throwable failure) {
		assertThat(failure).as("startup failure").isNotNull();
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as(stackTrace(failure)).isNotNull();
		return (InvalidConfigurationPropertyValueException) cause;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration(EtcdClientAutoConfiguration.class)
	static class CredentialsApp {

	}

}
