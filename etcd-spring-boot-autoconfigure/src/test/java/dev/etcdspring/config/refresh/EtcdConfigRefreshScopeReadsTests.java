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

package dev.etcdspring.config.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.config.EtcdConfigState;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * What {@link EtcdConfigRefreshScopeReads} notes while {@code @RefreshScope} beans are
 * created, and which beans a change then concerns.
 */
class EtcdConfigRefreshScopeReadsTests {

	private static final List<String> BEANS = List.of("scopedTarget.camel", "scopedTarget.map",
			"scopedTarget.scopedProperties", "scopedTarget.viaSettings", "scopedTarget.failing");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RefreshAutoConfiguration.class))
		.withUserConfiguration(ReadsConfiguration.class, Beans.class)
		.withPropertyValues("greeting.myMessage=hello", "limits.a=1");

	@Test
	void relaxedNamesMatch() {
		this.runner.run((context) -> {
			EtcdConfigRefreshScopeReads reads = created(context);
			assertThat(reads.concerned(BEANS, List.of("greeting.myMessage"), Set.of()))
				.containsExactlyInAnyOrder("scopedTarget.camel", "scopedTarget.failing");
			assertThat(reads.concerned(BEANS, List.of("greeting.my-message"), Set.of()))
				.containsExactlyInAnyOrder("scopedTarget.camel", "scopedTarget.failing");
		});
	}

	@Test
	void aNameReadAsAWholeCoversTheNamesBelowIt() {
		this.runner.run((context) -> {
			EtcdConfigRefreshScopeReads reads = created(context);
			assertThat(reads.concerned(BEANS, List.of("limits.b"), Set.of()))
				.containsExactlyInAnyOrder("scopedTarget.map", "scopedTarget.failing");
			// but not the other way round
			assertThat(reads.concerned(BEANS, List.of("greeting"), Set.of())).containsExactly("scopedTarget.failing");
		});
	}

	@Test
	void aRefreshScopedPropertiesBeanReadsItsPrefix() {
		this.runner.run((context) -> {
			EtcdConfigRefreshScopeReads reads = created(context);
			assertThat(reads.readsOf("scopedTarget.scopedProperties")).isNotNull();
			assertThat(reads.concerned(BEANS, List.of("scoped.never-set-before"), Set.of()))
				.containsExactlyInAnyOrder("scopedTarget.scopedProperties", "scopedTarget.failing");
		});
	}

	@Test
	void aRefreshScopedConstructorBoundPropertiesBeanReadsItsPrefix() {
		this.runner.run((context) -> {
			EtcdConfigRefreshScopeReads reads = created(context);
			String name = "scopedTarget.immutable-" + ImmutableProperties.class.getName();
			assertThat(context.getBean(ImmutableProperties.class).getValue()).isEqualTo("v");
			EtcdConfigRefreshScopeReads.Reads immutable = reads.readsOf(name);
			assertThat(immutable).isNotNull();
			assertThat(immutable.complete()).isTrue();
			assertThat(reads.concerned(List.of(name), List.of("immutable.value"), Set.of())).containsExactly(name);
			assertThat(reads.concerned(List.of(name), List.of("immutable.added-later"), Set.of()))
				.containsExactly(name);
			assertThat(reads.concerned(List.of(name), List.of("other.value"), Set.of())).isEmpty();
		});
	}

	@Test
	void aBeanWhoseCreationFailedOrWasNotSeenIsAlwaysConcerned() {
		this.runner.run((context) -> {
			EtcdConfigRefreshScopeReads reads = created(context);
			EtcdConfigRefreshScopeReads.Reads failing = reads.readsOf("scopedTarget.failing");
			assertThat(failing).isNotNull();
			assertThat(failing.complete()).isFalse();
			assertThat(reads.readsOf("scopedTarget.unused")).isNull();
			List<String> beans = new ArrayList<>(BEANS);
			beans.add("scopedTarget.unused");
			assertThat(reads.concerned(beans, List.of("nothing.reads.this"), Set.of()))
				.containsExactlyInAnyOrder("scopedTarget.failing", "scopedTarget.unused");
		});
	}

	@Test
	void aBeanGivenAConcernedPropertiesBeanIsConcerned() {
		this.runner.run((context) -> {
			EtcdConfigRefreshScopeReads reads = created(context);
			String properties = context.getBeanNamesForType(PlainProperties.class)[0];
			assertThat(reads.readsOf("scopedTarget.camel").dependencies()).contains(properties);
			// directly, or through a singleton it was given
			assertThat(reads.concerned(BEANS, List.of("plain.value"), Set.of(properties)))
				.containsExactlyInAnyOrder("scopedTarget.camel", "scopedTarget.viaSettings", "scopedTarget.failing");
			assertThat(reads.concerned(BEANS, List.of("plain.value"), Set.of()))
				.containsExactly("scopedTarget.failing");
		});
	}

	@Test
	void theReadsSourceHoldsNothingForTheBinder() {
		this.runner.run((context) -> {
			created(context);
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(EtcdConfigRefreshScopeReads.PROPERTY_SOURCE_NAME)).isTrue();
			Binder binder = Binder.get(context.getEnvironment());
			assertThat(binder.bind("absent", Bindable.of(PlainProperties.class)).isBound()).isFalse();
			assertThat(binder.bind("limits", Bindable.mapOf(String.class, String.class)).get())
				.containsExactly(Map.entry("a", "1"));
		});
	}

	@Test
	void installedByTheAutoConfigurationUnlessAllAreRecreated() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RefreshAutoConfiguration.class,
					ConfigurationPropertiesRebinderAutoConfiguration.class, EtcdClientAutoConfiguration.class,
					EtcdConfigRefreshAutoConfiguration.class))
			.withBean(EtcdConfigState.class, EtcdConfigState::new);
		runner.run((context) -> {
			assertThat(context).hasSingleBean(EtcdConfigRefreshScopeReads.class).hasSingleBean(EtcdConfigApplier.class);
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(EtcdConfigRefreshScopeReads.PROPERTY_SOURCE_NAME)).isTrue();
		});
		runner.withPropertyValues("etcd.config.watch.refresh-scope=all").run((context) -> {
			assertThat(context).doesNotHaveBean(EtcdConfigRefreshScopeReads.class)
				.hasSingleBean(EtcdConfigApplier.class);
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(EtcdConfigRefreshScopeReads.PROPERTY_SOURCE_NAME)).isFalse();
		});
	}

	private static EtcdConfigRefreshScopeReads created(ConfigurableApplicationContext context) {
		for (String name : List.of("camel", "map", "scopedProperties", "viaSettings")) {
			// through the scoped proxy, which creates the target if needed
			assertThat(context.getBean(name).toString()).isNotNull();
		}
		assertThatRuntimeException().isThrownBy(() -> context.getBean("failing").toString());
		return context.getBean(EtcdConfigRefreshScopeReads.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class ReadsConfiguration {

		@Bean
		static EtcdConfigRefreshScopeReads etcdConfigRefreshScopeReads() {
			return new EtcdConfigRefreshScopeReads();
		}

	}

	public static class PlainProperties {

		private String value = "v";

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

	public static class ScopedProperties {

		private String value = "v";

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

	@RefreshScope
	@ConfigurationProperties("immutable")
	public static class ImmutableProperties {

		private final String value;

		public ImmutableProperties(@DefaultValue("v") String value) {
			this.value = value;
		}

		public String getValue() {
			return this.value;
		}

	}

	/**
	 * Holds what it read.
	 */
	public static class Holder {

		private final Object value;

		Holder(Object value) {
			this.value = value;
		}

		@Override
		public String toString() {
			return String.valueOf(this.value);
		}

	}

	/**
	 * Hands out a {@code @ConfigurationProperties} bean's values.
	 *
	 * @param plain the properties
	 */
	record Settings(PlainProperties plain) {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ImmutableProperties.class)
	static class Beans {

		@Bean
		@ConfigurationProperties("plain")
		PlainProperties plainProperties() {
			return new PlainProperties();
		}

		@Bean
		@RefreshScope
		Holder camel(@Value("${greeting.myMessage}") String message, PlainProperties plain) {
			return new Holder(message + plain.getValue());
		}

		@Bean
		Settings settings(PlainProperties plain) {
			return new Settings(plain);
		}

		@Bean
		@RefreshScope
		Holder viaSettings(Settings settings) {
			return new Holder(settings.plain().getValue());
		}

		@Bean
		@RefreshScope
		Holder map(Environment environment) {
			return new Holder(Binder.get(environment).bind("limits", Bindable.mapOf(String.class, String.class)));
		}

		@Bean
		@RefreshScope
		@ConfigurationProperties("scoped")
		ScopedProperties scopedProperties() {
			return new ScopedProperties();
		}

		@Bean
		@RefreshScope
		@Lazy
		Holder failing(Environment environment) {
			environment.getProperty("greeting.my-message");
			throw new IllegalStateException("cannot be created");
		}

		@Bean
		@RefreshScope
		@Lazy
		Holder unused() {
			return new Holder("unused");
		}

	}

}
