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

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.validation.constraints.Max;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.validation.annotation.Validated;

/**
 * A small application for the configuration tests.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableConfigurationProperties({ ConfigTestApp.GreetingProperties.class, ConfigTestApp.OtherProperties.class,
		ConfigTestApp.LimitProperties.class, ConfigTestApp.FixedProperties.class })
public class ConfigTestApp {

	@Bean
	@RefreshScope
	Greeter greeter(@Value("${greeting.message:none}") String message) {
		return new Greeter(message);
	}

	@Bean
	@RefreshScope
	Pair pair(@Value("${pair.a:}") String a, @Value("${pair.b:}") String b) {
		return new Pair(a, b);
	}

	@Bean
	@Lazy
	@ConfigurationProperties("lazy")
	LazyProperties lazyProperties() {
		return new LazyProperties();
	}

	static ConfigurableApplicationContext run(List<String> endpoints, String... properties) {
		return builder(endpoints, properties).run();
	}

	static SpringApplicationBuilder builder(List<String> endpoints, String... properties) {
		return new SpringApplicationBuilder(ConfigTestApp.class).web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + String.join(",", endpoints), "spring.application.name=orders",
					"etcd.request-timeout=3s", "spring.jmx.enabled=false", "management.health.etcd.enabled=false")
			.properties(properties);
	}

	/**
	 * Created only when first used.
	 */
	public static class LazyProperties {

		private String value = "lazy-default";

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

	/**
	 * Immutable: cannot be rebound.
	 *
	 * @param value the value
	 */
	@ConfigurationProperties("fixed")
	public record FixedProperties(@DefaultValue("fixed-default") String value) {

	}

	static class Greeter {

		private final String message;

		Greeter(String message) {
			this.message = message;
		}

		String message() {
			return this.message;
		}

	}

	/**
	 * Two values read together by a {@code @RefreshScope} bean: a refresh replaces the
	 * instance, so a caller sees both old or both new values.
	 */
	static class Pair {

		private final String a;

		private final String b;

		Pair(String a, String b) {
			this.a = a;
			this.b = b;
		}

		String describe() {
			return this.a + "/" + this.b;
		}

	}

	@ConfigurationProperties("greeting")
	public static class GreetingProperties {

		private String message = "default";

		private String other = "x";

		private volatile @Nullable Consumer<String> messageListener;

		public String getMessage() {
			return this.message;
		}

		public void setMessage(String message) {
			this.message = message;
			Consumer<String> listener = this.messageListener;
			if (listener != null) {
				listener.accept(message);
			}
		}

		/**
		 * Be told each message set, once it is set (the benchmark times it there rather
		 * than poll the bean).
		 * @param listener told the message
		 */
		void onMessage(@Nullable Consumer<String> listener) {
			this.messageListener = listener;
		}

		public String getOther() {
			return this.other;
		}

		public void setOther(String other) {
			this.other = other;
		}

	}

	@ConfigurationProperties("unrelated")
	public static class OtherProperties {

		private final AtomicInteger binds = new AtomicInteger();

		private String value = "u";

		@PostConstruct
		void bound() {
			this.binds.incrementAndGet();
		}

		public int getBinds() {
			return this.binds.get();
		}

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

	@ConfigurationProperties("limit")
	@Validated
	public static class LimitProperties {

		@Max(100)
		private int max = 10;

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

	}

}
