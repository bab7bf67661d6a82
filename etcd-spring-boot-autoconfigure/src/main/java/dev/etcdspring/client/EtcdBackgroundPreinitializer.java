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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.NativeDetector;

/**
 * Loads, on a background thread as soon as the application starts, the classes an etcd
 * application's startup loads from jetcd, gRPC, Netty, protobuf, Guava, Vert.x, Spring
 * Cloud and this starter (about 2,000, listed in {@value #CLASS_LIST} in the order a
 * startup loads them). The {@code etcd:} config data import makes the first etcd request
 * early, on the main thread; without this, the main thread would load most of them itself
 * while a second core sits idle.
 * <p>
 * Classes are only loaded, never initialized: no static initializer runs on this thread,
 * so nothing (Netty's system properties, logging) is read earlier or in another order
 * than without it. A name that no longer exists (another jetcd, gRPC or Netty version) is
 * skipped. Like Spring Boot's own background pre-initializer it does nothing on a single
 * CPU, in a native image, or when the system property {@value #IGNORE_PROPERTY} is
 * {@code true}.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdBackgroundPreinitializer implements ApplicationListener<ApplicationStartingEvent> {

	/**
	 * Spring Boot's switch for its own background pre-initializer, honoured here too.
	 */
	static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

	/**
	 * The classes to load, one binary name a line, in the order the first request loads
	 * them.
	 */
	static final String CLASS_LIST = "META-INF/etcd-spring-boot/preloaded-classes.txt";

	private static final AtomicBoolean started = new AtomicBoolean();

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		if (Boolean.getBoolean(IGNORE_PROPERTY) || NativeDetector.inNativeImage()
				|| Runtime.getRuntime().availableProcessors() <= 1 || !started.compareAndSet(false, true)) {
			return;
		}
		ClassLoader classLoader = EtcdBackgroundPreinitializer.class.getClassLoader();
		Thread thread = new Thread(() -> preload(classLoader), "etcd-preinit");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Load the listed classes without initializing them.
	 * @param classLoader the class loader the jetcd classes come from
	 * @return how many classes were loaded
	 */
	static int preload(@Nullable ClassLoader classLoader) {
		int loaded = 0;
		try (InputStream in = (classLoader != null) ? classLoader.getResourceAsStream(CLASS_LIST)
				: ClassLoader.getSystemResourceAsStream(CLASS_LIST)) {
			if (in == null) {
				return 0;
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String name;
			while ((name = reader.readLine()) != null) {
				if (!name.isBlank() && load(name.trim(), classLoader)) {
					loaded++;
				}
			}
		}
		catch (IOException ex) {
			// Only a head start: the classes are loaded when used.
		}
		return loaded;
	}

	private static boolean load(String name, @Nullable ClassLoader classLoader) {
		try {
			Class.forName(name, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
