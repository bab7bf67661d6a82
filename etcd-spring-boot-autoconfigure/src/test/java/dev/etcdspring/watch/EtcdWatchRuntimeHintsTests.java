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

import dev.etcdspring.client.EtcdWatchEvent;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EtcdWatch} methods can be invoked in a native image: the annotation is
 * {@code @Reflective}, so AOT processing registers every method it annotates, directly or
 * through a composed annotation. Checked with {@link RuntimeHintsPredicates}.
 */
class EtcdWatchRuntimeHintsTests {

	@Test
	void annotatedMethodsAreInvocable() {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Watcher.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Watcher.class, "onEvent")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Watcher.class, "onRevision")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Watcher.class, "onComposed")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Watcher.class, "notWatching")).rejects(hints);
	}

	static class Watcher {

		@EtcdWatch("/a")
		void onEvent(EtcdWatchEvent event) {
		}

		@EtcdWatch(key = "/b/", prefix = true)
		void onRevision(List<EtcdWatchEvent> events) {
		}

		@WatchC
		void onComposed(EtcdWatchEvent event) {
		}

		void notWatching(EtcdWatchEvent event) {
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@EtcdWatch("/c")
	@interface WatchC {

	}

}
