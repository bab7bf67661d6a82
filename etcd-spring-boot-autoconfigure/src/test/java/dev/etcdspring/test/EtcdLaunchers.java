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

package dev.etcdspring.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Finds how etcd can be run here: {@code ETCD_BINARY}, else {@code etcd} on the
 * {@code PATH}, else a container when Docker is available. Without any of them, fails:
 * etcd tests are never skipped.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdLaunchers {

	static final String NOT_FOUND_MESSAGE = "No etcd found: set ETCD_BINARY, put etcd on PATH "
			+ "(Debian/Ubuntu: apt-get install etcd-server), or run Docker for the Testcontainers fallback";

	private static @Nullable EtcdLauncher detected;

	private EtcdLaunchers() {
	}

	/**
	 * Return the launcher for this machine, found once per JVM.
	 * @return the launcher
	 * @throws IllegalStateException if etcd cannot be run here
	 */
	static synchronized EtcdLauncher detect() {
		if (detected == null) {
			detected = locate(System.getenv("ETCD_BINARY"), System.getenv("PATH"), EtcdLaunchers::isDockerAvailable);
		}
		return detected;
	}

	/**
	 * Choose a launcher.
	 * @param etcdBinary the value of {@code ETCD_BINARY}, if any
	 * @param path the value of {@code PATH}, if any
	 * @param dockerAvailable whether Docker can be used, asked only when there is no
	 * binary
	 * @return the launcher
	 * @throws IllegalStateException if etcd cannot be run
	 */
	static EtcdLauncher locate(@Nullable String etcdBinary, @Nullable String path, BooleanSupplier dockerAvailable) {
		if (etcdBinary != null && !etcdBinary.isBlank()) {
			Path binary = executable(etcdBinary.trim());
			if (binary == null) {
				// An explicit choice that does not work is a mistake to report, not to
				// paper over with another etcd.
				throw new IllegalStateException(
						"ETCD_BINARY is set to '" + etcdBinary + "', which is not an executable file");
			}
			return new EtcdBinaryLauncher(binary);
		}
		Path onPath = findOnPath(path);
		if (onPath != null) {
			return new EtcdBinaryLauncher(onPath);
		}
		if (dockerAvailable.getAsBoolean()) {
			return new EtcdContainerLauncher();
		}
		throw new IllegalStateException(NOT_FOUND_MESSAGE);
	}

	private static @Nullable Path findOnPath(@Nullable String path) {
		if (path == null) {
			return null;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = executable(directory + File.separator + "etcd");
				if (candidate != null) {
					return candidate;
				}
			}
		}
		return null;
	}

	private static @Nullable Path executable(String file) {
		try {
			Path path = Path.of(file).toAbsolutePath();
			return (Files.isRegularFile(path) && Files.isExecutable(path)) ? path : null;
		}
		catch (InvalidPathException ex) {
			return null;
		}
	}

	private static boolean isDockerAvailable() {
		try {
			return EtcdContainerLauncher.isDockerAvailable();
		}
		catch (Throwable ex) {
			// Testcontainers missing from the class path, or Docker probing failed.
			return false;
		}
	}

}
