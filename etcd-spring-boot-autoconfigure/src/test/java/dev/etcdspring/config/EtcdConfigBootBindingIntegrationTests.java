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

import java.time.Duration;
import java.util.Set;

import dev.etcdspring.config.refresh.EtcdConfigRefreshHistory;
import dev.etcdspring.test.EtcdIntegrationTest;
import jakarta.validation.constraints.Max;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshEndpointAutoConfiguration;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A change from etcd is checked and rebound exactly as Boot binds at startup.
 */
@EtcdIntegrationTest
class EtcdConfigBootBindingIntegrationTests {

	@RegisterExtension
	final ConfigTestEtcd fixture = new ConfigTestEtcd("/b", Duration.ofSeconds(3));

	private ConfigurableApplicationContext run(String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BindingApp.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + String.join(",", this.fixture.server().endpoints()),
					"spring.application.name=orders", "etcd.request-timeout=3s", "spring.jmx.enabled=false",
					"management.health.etcd.enabled=false", "spring.config.import=etcd:",
					"etcd.config.prefix=" + this.fixture.root())
			.properties(properties)
			.run();
		this.fixture.track(context);
		return context;
	}

	private void put(String key, String value) {
		this.fixture.etcd().put(this.fixture.root() + "/orders/" + key, value);
	}

	@Test
	void customConverterAppliesToChangesAndTheContextStaysLive() {
		put("shape/origin", "1,2");
		ConfigurableApplicationContext context = run();
		ShapeProperties shape = context.getBean(ShapeProperties.class);
		PlainProperties plain = context.getBean(PlainProperties.class);
		assertThat(shape.getOrigin()).isEqualTo(new Point(1, 2));
		put("shape/origin", "3,4");
		await().atMost(Duration.ofSeconds(10)).until(() -> new Point(3, 4).equals(shape.getOrigin()));
		// A change elsewhere in the same context is still applied.
		put("plain/value", "after");
		await().atMost(Duration.ofSeconds(10)).until(() -> "after".equals(plain.getValue()));
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		assertThat(history.refreshes())
			.allSatisfy((refresh) -> assertThat(refresh.outcome()).isEqualTo(EtcdConfigRefreshHistory.Outcome.APPLIED));
	}

	@Test
	void validatedOnTheBeanMethodRejectsAnInvalidValueAndKeepsThePrevious() {
		ConfigurableApplicationContext context = run();
		BoundedProperties bounded = context.getBean(BoundedProperties.class);
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		put("bounded/size", "5");
		await().atMost(Duration.ofSeconds(10)).until(() -> bounded.getSize() == 5);
		put("bounded/size", "50");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> history.refreshes().get(0).outcome() == EtcdConfigRefreshHistory.Outcome.REJECTED);
		assertThat(history.refreshes().get(0).reason()).contains("bounded.size")
			.contains("must be less than or equal to 10")
			.doesNotContain("50");
		assertThat(bounded.getSize()).isEqualTo(5);
		assertThat(context.getEnvironment().getProperty("bounded.size")).isEqualTo("5");
	}

	@Test
	void bindHandlerAdvisorBeansApplyToChanges() {
		ConfigurableApplicationContext context = run();
		AdvisedProperties advised = context.getBean(AdvisedProperties.class);
		EtcdConfigRefreshHistory history = context.getBean(EtcdConfigRefreshHistory.class);
		put("advised/mode", "safe");
		await().atMost(Duration.ofSeconds(10)).until(() -> "safe".equals(advised.getMode()));
		put("advised/mode", "reckless");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> history.refreshes().get(0).outcome() == EtcdConfigRefreshHistory.Outcome.REJECTED);
		assertThat(history.refreshes().get(0).reason()).contains("advised.mode").doesNotContain("reckless");
		assertThat(advised.getMode()).isEqualTo("safe");
	}

	@ParameterizedTest(name = "Spring Cloud's rebinder present: {0}")
	@ValueSource(booleans = { true, false })
	@ExtendWith(OutputCaptureExtension.class)
	void neverRefreshableBeanIsNotRebound(boolean rebinder, CapturedOutput output) {
		ConfigurableApplicationContext context = run(
				"spring.cloud.refresh.never-refreshable=" + FrozenProperties.class.getName(),
				"spring.autoconfigure.exclude="
						+ (rebinder ? "" : ConfigurationPropertiesRebinderAutoConfiguration.class.getName() + ","
								+ RefreshEndpointAutoConfiguration.class.getName()));
		assertThat(context.getBeanNamesForType(ConfigurationPropertiesRebinder.class)).hasSize(rebinder ? 1 : 0);
		FrozenProperties frozen = context.getBean(FrozenProperties.class);
		PlainProperties plain = context.getBean(PlainProperties.class);
		this.fixture.etcd()
			.transaction()
			.put(this.fixture.root() + "/orders/frozen/value", "changed")
			.put(this.fixture.root() + "/orders/plain/value", "changed")
			.commit();
		await().atMost(Duration.ofSeconds(10)).until(() -> "changed".equals(plain.getValue()));
		assertThat(context.getEnvironment().getProperty("frozen.value")).isEqualTo("changed");
		assertThat(frozen.getValue()).isEqualTo("initial");
		assertThat(output.getAll()).contains("Not rebinding @ConfigurationProperties bean 'frozenProperties' ("
				+ FrozenProperties.class.getName() + "): it is listed in spring.cloud.refresh.never-refreshable");
	}

	/**
	 * Binds a {@code x,y} pair.
	 *
	 * @param x the abscissa
	 * @param y the ordinate
	 */
	record Point(int x, int y) {

	}

	public static class ShapeProperties {

		private Point origin = new Point(0, 0);

		public Point getOrigin() {
			return this.origin;
		}

		public void setOrigin(Point origin) {
			this.origin = origin;
		}

	}

	public static class PlainProperties {

		private String value = "before";

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

	/**
	 * Validated only because its {@code @Bean} method says so.
	 */
	public static class BoundedProperties {

		@Max(10)
		private int size = 1;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

	}

	/**
	 * Its mode is checked by a bind handler advisor.
	 */
	public static class AdvisedProperties {

		private String mode = "fast";

		public String getMode() {
			return this.mode;
		}

		public void setMode(String mode) {
			this.mode = mode;
		}

	}

	public static class FrozenProperties {

		private String value = "initial";

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BindingApp {

		@Bean
		@ConfigurationPropertiesBinding
		static Converter<String, Point> pointConverter() {
			return (source) -> {
				String[] parts = source.split(",");
				return new Point(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
			};
		}

		@Bean
		@ConfigurationProperties("shape")
		ShapeProperties shapeProperties() {
			return new ShapeProperties();
		}

		@Bean
		@ConfigurationProperties("plain")
		PlainProperties plainProperties() {
			return new PlainProperties();
		}

		@Bean
		@Validated
		@ConfigurationProperties("bounded")
		BoundedProperties boundedProperties() {
			return new BoundedProperties();
		}

		@Bean
		static ConfigurationPropertiesBindHandlerAdvisor advisedModes() {
			ConfigurationPropertyName mode = ConfigurationPropertyName.of("advised.mode");
			return (handler) -> new AbstractBindHandler(handler) {

				@Override
				public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target,
						BindContext context, Object result) {
					if (name.equals(mode) && !Set.of("fast", "safe").contains(result)) {
						throw new IllegalArgumentException("advised.mode must be fast or safe");
					}
					return super.onSuccess(name, target, context, result);
				}

			};
		}

		@Bean
		@ConfigurationProperties("advised")
		AdvisedProperties advisedProperties() {
			return new AdvisedProperties();
		}

		@Bean
		@ConfigurationProperties("frozen")
		FrozenProperties frozenProperties() {
			return new FrozenProperties();
		}

	}

}
