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

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientFactory;
import dev.etcdspring.client.EtcdConnectionDetails;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application context describes the etcd the {@code etcd:} import connected to: with
 * {@code etcd:host:port} the {@link EtcdConnectionDetails} bean, the
 * {@link EtcdClientFactory} bean and the {@link EtcdClient} all name the location's
 * endpoint, not {@code etcd.endpoints}.
 */
@EtcdIntegrationTest
class EtcdConfigConnectionDetailsIntegrationTests {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private EtcdServer server;

	private String root;

	@BeforeEach
	void setUp(EtcdServer server) {
		this.server = server;
		this.root = "/t" + UUID.randomUUID().toString().substring(0, 8);
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void endpointOfTheLocationIsTheOneEveryBeanDescribes() {
		String closed = EtcdTestClients.unreachableEndpoint();
		URI real = this.server.endpointUri();
		String hostPort = real.getHost() + ":" + real.getPort();
		ConfigurableApplicationContext context = run(builder(List.of(closed), "spring.config.import=etcd:" + hostPort));
		String used = "http://" + hostPort;
		assertThat(context.getBean(EtcdConnectionDetails.class).getEndpoints()).containsExactly(URI.create(used));
		assertThat(context.getBean(EtcdClientFactory.class).endpoints()).containsExactly(used);
		assertThat(context.getBean(EtcdClient.class).endpoints()).containsExactly(used);
		assertThat(context.getBeansOfType(EtcdConnectionDetails.class)).hasSize(1);
		// and the client really talks to it
		context.getBean(EtcdClient.class).put(this.root + "/probe", "reached");
		assertThat(context.getBean(EtcdClient.class).get(this.root + "/probe")).isPresent();
	}

	@Test
	void applicationsOwnConnectionDetailsBeanIsInjectedWithoutAmbiguity() {
		ConfigurableApplicationContext context = run(
				builder(this.server.endpoints(), "spring.config.import=etcd:").sources(OwnConnectionDetails.class));
		assertThat(context.getBean(EtcdConnectionDetails.class)).isSameAs(OwnConnectionDetails.DETAILS);
	}

	@Test
	void withoutAnEtcdImportTheDetailsComeFromEtcdEndpoints() {
		ConfigurableApplicationContext context = run(builder(this.server.endpoints()));
		assertThat(context.getBean(EtcdConnectionDetails.class).getEndpoints())
			.containsExactly(this.server.endpointUri());
		assertThat(context.getBeansOfType(EtcdConnectionDetails.class)).hasSize(1);
	}

	private SpringApplicationBuilder builder(List<String> endpoints, String... properties) {
		List<String> all = new ArrayList<>(List.of("etcd.config.prefix=" + this.root));
		all.addAll(List.of(properties));
		return ConfigTestApp.builder(endpoints, all.toArray(String[]::new));
	}

	private ConfigurableApplicationContext run(SpringApplicationBuilder builder) {
		ConfigurableApplicationContext context = builder.run();
		this.closeables.add(context);
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConnectionDetails {

		static final EtcdConnectionDetails DETAILS = () -> List.of(URI.create("http://127.0.0.1:2379"));

		@Bean
		EtcdConnectionDetails ownEtcdConnectionDetails() {
			return DETAILS;
		}

	}

}
