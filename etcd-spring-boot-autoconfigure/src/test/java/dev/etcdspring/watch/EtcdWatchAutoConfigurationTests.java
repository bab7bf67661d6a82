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

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import dev.etcdspring.actuate.EtcdStateReporter;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Wiring and validation of {@link EtcdWatch @EtcdWatch} methods; no etcd needed: these
 * contexts fail before watches start, have no watches, or only check what was registered
 * (with a stub client).
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdWatchAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdWatchAutoConfiguration.class));

	@Test
	void registersPostProcessorRegistryAndReporter() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(EtcdWatchAnnotationBeanPostProcessor.class)
			.hasSingleBean(EtcdWatchMethodRegistry.class)
			.hasSingleBean(EtcdWatchMetrics.class)
			.getBean(EtcdStateReporter.class)
			.extracting(EtcdStateReporter::section)
			.isEqualTo("watches"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("etcd.watch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdWatchAnnotationBeanPostProcessor.class)
				.doesNotHaveBean(EtcdWatchMethodRegistry.class));
	}

	@Test
	void backsOffWithoutEtcdClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EtcdWatchAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdWatchMethodRegistry.class));
	}

	@Test
	void unsupportedParameterFailsStartupNamingTheMethod() {
		this.runner.withBean(IntegerWatcher.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("IntegerWatcher.onChange(java.lang.Integer)")
				.hasMessageContaining("unsupported signature"));
	}

	@Test
	void returnValueFailsStartupNamingTheMethod() {
		this.runner.withBean(ReturningWatcher.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ReturningWatcher.onChange(java.lang.String)"));
	}

	@Test
	void wrongListElementFailsStartupNamingTheMethod() {
		this.runner.withBean(ListOfStringsWatcher.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ListOfStringsWatcher.onChange(java.util.List<java.lang.String>)"));
	}

	@Test
	void unresolvablePlaceholderFailsStartupNamingTheMethod() {
		this.runner.withBean(PlaceholderWatcher.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("missing.root"));
		this.runner.withBean(PlaceholderWatcher.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("PlaceholderWatcher.onChange"));
	}

	@Test
	void placeholdersAreResolved() {
		EtcdClient client = clientThatWatches();
		this.runner.withBean(EtcdClient.class, () -> client)
			.withBean(PlaceholderWatcher.class)
			.withPropertyValues("missing.root=/resolved", "etcd.watch.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(EtcdWatchMethodRegistry.class).methods()).singleElement()
					.satisfies((method) -> {
						assertThat(method.key()).isEqualTo("/resolved/key");
						assertThat(method.method()).isEqualTo("PlaceholderWatcher.onChange");
					});
			});
	}

	@Test
	void watchMethodsAreFoundOnSuperclassesInterfacesAndThroughComposedAnnotations() {
		// The post-processor skips a class after one pass over the methods its hierarchy
		// declares (bench/startup): what that pass must still find.
		EtcdClient client = clientThatWatches();
		this.runner.withBean(EtcdClient.class, () -> client)
			.withBean(InheritingWatcher.class)
			.withBean(InterfaceWatcher.class)
			.withBean(ComposedWatcher.class)
			.withBean(PlainBean.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(EtcdWatchMethodRegistry.class).methods()).extracting(EtcdWatchMethod::key)
					.containsExactlyInAnyOrder("/inherited", "/from-interface", "/composed");
			});
	}

	@Test
	void compactionResumesAtTheOldestRevisionLeft() {
		EtcdWatchMethod method = new EtcdWatchMethod(new Object(), Object.class.getMethods()[0], "/k", false,
				EtcdWatchParameter.EVENT);
		assertThat(method.onCompacted(42)).isEqualTo(41);
		assertThat(method.compactions()).isEqualTo(1);
	}

	/**
	 * A client that accepts every watch; the post-processor's own wiring is what these
	 * tests look at.
	 */
	private static EtcdClient clientThatWatches() {
		EtcdClient client = mock(EtcdClient.class);
		given(client.watch(any(EtcdWatchOptions.class), any())).willReturn(mock(EtcdWatchSubscription.class));
		return client;
	}

	static class IntegerWatcher {

		@EtcdWatch("/k")
		void onChange(Integer value) {
		}

	}

	static class ReturningWatcher {

		@EtcdWatch("/k")
		String onChange(String value) {
			return value;
		}

	}

	static class ListOfStringsWatcher {

		@EtcdWatch("/k")
		void onChange(List<String> values) {
		}

	}

	abstract static class WatchingBase {

		@EtcdWatch("/inherited")
		void onChange(EtcdWatchEvent event) {
		}

	}

	static class InheritingWatcher extends WatchingBase {

	}

	interface Watching {

		@EtcdWatch("/from-interface")
		void onChange(EtcdWatchEvent event);

	}

	static class InterfaceWatcher implements Watching {

		@Override
		public void onChange(EtcdWatchEvent event) {
		}

	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@EtcdWatch("/composed")
	@interface ComposedWatch {

	}

	static class ComposedWatcher {

		@ComposedWatch
		void onChange(EtcdWatchEvent event) {
		}

	}

	static class PlainBean {

		void onChange(EtcdWatchEvent event) {
		}

	}

	static class PlaceholderWatcher {

		@EtcdWatch("${missing.root}/key")
		void onChange(EtcdWatchEvent event) {
		}

	}

}
