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

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Wiring tests for {@link EtcdClientAutoConfiguration}. No etcd is needed: jetcd connects
 * lazily.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, EtcdClientAutoConfiguration.class));

	@Test
	void defaultsCreateClientForLocalEtcd() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdClient.class)
				.hasSingleBean(Client.class)
				.hasSingleBean(PropertiesEtcdConnectionDetails.class);
			EtcdClient client = context.getBean(EtcdClient.class);
			assertThat(client.endpoints()).containsExactly("http://127.0.0.1:2379");
			assertThat(client.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(client.jetcd()).isSameAs(context.getBean(Client.class));
		});
	}

	@Test
	void propertiesAreBound() {
		this.runner
			.withPropertyValues("etcd.endpoints=http://10.0.0.1:2379,https://etcd.example:2379",
					"etcd.request-timeout=750ms", "etcd.connect-timeout=2s", "etcd.username=app",
					"etcd.password=s3cret", "etcd.namespace=/tenant-a", "etcd.max-inbound-message-size=32MB")
			.run((context) -> {
				EtcdProperties properties = context.getBean(EtcdProperties.class);
				assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getMaxInboundMessageSize().toMegabytes()).isEqualTo(32);
				assertThat(properties.getNamespace()).isEqualTo("/tenant-a");
				EtcdConnectionDetails details = context.getBean(EtcdConnectionDetails.class);
				assertThat(details.getEndpoints()).containsExactly(URI.create("http://10.0.0.1:2379"),
						URI.create("https://etcd.example:2379"));
				assertThat(details.getUsername()).isEqualTo("app");
				assertThat(details.getPassword()).isEqualTo("s3cret");
				assertThat(context.getBean(EtcdClient.class).requestTimeout()).isEqualTo(Duration.ofMillis(750));
			});
	}

	@Test
	void passwordNeverAppearsInToString() {
		this.runner.withPropertyValues("etcd.username=app", "etcd.password=s3cret-value").run((context) -> {
			assertThat(context.getBean(EtcdConnectionDetails.class).toString()).contains("app")
				.doesNotContain("s3cret-value");
			assertThat(context.getBean(EtcdClient.class).toString()).doesNotContain("s3cret-value");
		});
	}

	@Test
	void malformedEndpointFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("etcd.endpoints=http://127.0.0.1:2379,http://[broken").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("etcd.endpoints[1]")
				.hasMessageContaining("http://[broken");
		});
	}

	@Test
	void endpointWithoutSchemeFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("etcd.endpoints=localhost:2379").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("etcd.endpoints[0]")
				.hasMessageContaining("http:// or https://");
		});
		this.runner.withPropertyValues("etcd.endpoints=127.0.0.1:2379").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("etcd.endpoints[0]")
				.hasMessageContaining("expected e.g. http://127.0.0.1:2379");
		});
	}

	@Test
	void endpointWithoutPortFailsStartup() {
		this.runner.withPropertyValues("etcd.endpoints=http://etcd.example").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("etcd.endpoints[0]")
				.hasMessageContaining("port");
		});
	}

	@Test
	void unknownSslBundleFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("etcd.ssl.bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("etcd.ssl.bundle")
				.hasMessageContaining("missing");
		});
	}

	@Test
	void invalidDurationFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("etcd.request-timeout=soon").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("etcd.request-timeout");
		});
	}

	@Test
	void backsOffWithoutJetcdOnClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(Client.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdClient.class)
				.doesNotHaveBean(EtcdProperties.class));
	}

	@Test
	void backsOffForUserEtcdClient() {
		this.runner.withUserConfiguration(UserClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdClient.class);
			assertThat(context.getBean(EtcdClient.class)).isSameAs(context.getBean("userEtcdClient"));
		});
	}

	@Test
	void backsOffForUserJetcdClient() {
		this.runner.withUserConfiguration(UserJetcdClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Client.class);
			assertThat(context.getBean(EtcdClient.class).jetcd()).isSameAs(context.getBean("userJetcdClient"));
		});
	}

	@Test
	void backsOffForUserConnectionDetails() {
		this.runner.withUserConfiguration(UserConnectionDetailsConfiguration.class)
			.withPropertyValues("etcd.endpoints=http://ignored:1")
			.run((context) -> {
				assertThat(context).hasSingleBean(EtcdConnectionDetails.class)
					.doesNotHaveBean(PropertiesEtcdConnectionDetails.class);
				assertThat(context.getBean(EtcdClient.class).endpoints()).containsExactly("http://127.0.0.9:4001");
			});
	}

	@Test
	void backsOffForUserFactory() {
		this.runner.withUserConfiguration(UserFactoryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(EtcdClientFactory.class)
				.getBean(EtcdClientFactory.class)
				.isSameAs(context.getBean("userFactory")));
	}

	@Test
	void customizersAreAppliedInOrder() {
		this.runner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Client.class);
			CustomizerConfiguration configuration = context.getBean(CustomizerConfiguration.class);
			assertThat(configuration.order).containsExactly("first", "second");
			assertThat(configuration.authority).isEqualTo("from-first-customizer");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean
		EtcdClient userEtcdClient() {
			return mock(EtcdClient.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserJetcdClientConfiguration {

		@Bean(destroyMethod = "close")
		Client userJetcdClient() {
			return Client.builder().endpoints("http://127.0.0.1:2379").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionDetailsConfiguration {

		@Bean
		EtcdConnectionDetails userConnectionDetails() {
			return () -> List.of(URI.create("http://127.0.0.9:4001"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		EtcdClientFactory userFactory(EtcdProperties properties) {
			return new EtcdClientFactory(() -> List.of(URI.create("http://127.0.0.1:2379")), properties, List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

		final AtomicInteger calls = new AtomicInteger();

		String authority;

		@Bean
		@Order(2)
		EtcdClientBuilderCustomizer second() {
			return (builder) -> {
				this.order.add("second");
				this.authority = builder.authority();
			};
		}

		@Bean
		@Order(1)
		EtcdClientBuilderCustomizer first() {
			return (builder) -> {
				this.order.add("first");
				builder.authority("from-first-customizer");
			};
		}

	}

}
