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
package dev.etcdspring.aot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdConnectionDetails;
import dev.etcdspring.client.EtcdProperties;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.config.EtcdConfigDataLocationResolver;
import dev.etcdspring.config.EtcdConfigProperties;
import dev.etcdspring.config.EtcdConfigState;
import dev.etcdspring.discovery.EtcdDiscoveryProperties;
import dev.etcdspring.leader.EtcdLeaderProperties;
import dev.etcdspring.lock.EtcdLockProperties;
import dev.etcdspring.serviceregistry.EtcdRegistrationProperties;
import dev.etcdspring.watch.EtcdWatch;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.io.InputStreamSource;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The starter's auto-configurations, processed ahead of time as {@code process-aot} does
 * (in process, no etcd): processing succeeds with the beans the {@code etcd:} import
 * promotes, the configuration watch is part of the processed context with
 * {@code spring.cloud.refresh.enabled=false} (which Spring Cloud requires ahead of time),
 * and the runtime hints a native image needs are registered. {@code SampleAotIT} starts a
 * processed application against etcd.
 */
class EtcdAheadOfTimeProcessingTests {

	@Test
	void processesTheImportedConfigurationWithItsWatchAndHints() throws IOException {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues
				.of("spring.application.name=aot", "spring.cloud.refresh.enabled=false", "spring.aot.processing=true")
				.applyTo(context);
			// What the etcd: import promotes into the context
			// (EtcdConfigDataLocationResolver).
			context.getBeanFactory()
				.registerSingleton(EtcdConfigDataLocationResolver.STATE_BEAN_NAME, new EtcdConfigState());
			context.getBeanFactory()
				.registerSingleton(EtcdConfigDataLocationResolver.CLIENT_BEAN_NAME, mock(EtcdClient.class));
			EtcdConnectionDetails details = mock(EtcdConnectionDetails.class);
			RootBeanDefinition promoted = new RootBeanDefinition(EtcdConnectionDetails.class, () -> details);
			promoted.setFallback(true);
			context.registerBeanDefinition(EtcdConfigDataLocationResolver.CONNECTION_DETAILS_BEAN_NAME, promoted);
			List<Class<?>> autoConfigurations = new ArrayList<>();
			for (String name : ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())) {
				if (name.startsWith("dev.etcdspring.")) {
					autoConfigurations.add(classFor(name));
				}
			}
			assertThat(autoConfigurations).hasSizeGreaterThan(10);
			// In their order, as the application and ApplicationContextRunner register
			// them
			context.register(
					Configurations.getClasses(AutoConfigurations.of(autoConfigurations.toArray(Class<?>[]::new))));
			context.registerBean("watcher", Watcher.class);
			context.registerBean("candidate", DefaultCandidate.class, "aot-1", "aot-role");
			InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("dev.etcdspring.aot", "AotTestApplication")), files);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
			String sources = sources(files);
			assertThat(sources).contains("\"etcdConfigWatcher\"", "\"etcdConfigApplier\"")
				.doesNotContain("\"" + EtcdConfigDataLocationResolver.CONNECTION_DETAILS_BEAN_NAME + "\"");
			RuntimeHints hints = generation.getRuntimeHints();
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Watcher.class, "onChange"))
				.accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection().onFieldAccess("io.etcd.jetcd.impl.MaintenanceImpl", "stub"))
				.accepts(hints);
			// Spring Boot's own hints for @ConfigurationProperties beans, and ours for
			// what
			// the import binds before beans exist.
			for (Class<?> properties : List.of(EtcdProperties.class, EtcdConfigProperties.class,
					EtcdDiscoveryProperties.class, EtcdRegistrationProperties.class, EtcdLockProperties.class,
					EtcdLeaderProperties.class)) {
				assertThat(RuntimeHintsPredicates.reflection().onType(properties)).as(properties.getName())
					.accepts(hints);
			}
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Class<?> classFor(String name) throws ClassNotFoundException {
		return Class.forName(name, false, EtcdAheadOfTimeProcessingTests.class.getClassLoader());
	}

	private static String sources(InMemoryGeneratedFiles files) throws IOException {
		StringBuilder all = new StringBuilder();
		for (InputStreamSource source : files.getGeneratedFiles(Kind.SOURCE).values()) {
			try (InputStream in = source.getInputStream()) {
				all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return all.toString();
	}

	static class Watcher {

		@EtcdWatch("/aot/key")
		void onChange(EtcdWatchEvent event) {
		}

	}

}
