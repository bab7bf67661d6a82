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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link EtcdLaunchers}.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdLaunchersTests {

	private static final BooleanSupplier NO_DOCKER = () -> false;

	private static final BooleanSupplier DOCKER_NOT_ASKED = () -> {
		throw new AssertionError("Docker must not be probed when there is a binary");
	};

	@TempDir
	Path temp;

	@Test
	void failsWithGuidanceWhenThereIsNeitherBinaryNorDocker() throws IOException {
		Path emptyDirectory = Files.createDirectory(this.temp.resolve("empty"));
		assertThatIllegalStateException()
			.isThrownBy(() -> EtcdLaunchers.locate(null, emptyDirectory.toString(), NO_DOCKER))
			.withMessage(
					"No etcd found: set ETCD_BINARY, put etcd on PATH (Debian/Ubuntu: apt-get install etcd-server), "
							+ "or run Docker for the Testcontainers fallback");
	}

	@Test
	void failsWhenEtcdBinaryDoesNotExist() {
		String missing = this.temp.resolve("missing/etcd").toString();
		assertThatIllegalStateException().isThrownBy(() -> EtcdLaunchers.locate(missing, null, NO_DOCKER))
			.withMessage("ETCD_BINARY is set to '" + missing + "', which is not an executable file");
	}

	@Test
	void failsWhenEtcdBinaryIsNotExecutable() throws IOException {
		Path notExecutable = Files.createFile(this.temp.resolve("etcd"));
		assertThatIllegalStateException()
			.isThrownBy(() -> EtcdLaunchers.locate(notExecutable.toString(), null, NO_DOCKER))
			.withMessageContaining("not an executable file");
	}

	@Test
	void usesEtcdBinaryFirst() throws IOException {
		Path chosen = executable(this.temp.resolve("chosen"));
		Path onPath = executable(this.temp.resolve("path/etcd"));
		EtcdLauncher launcher = EtcdLaunchers.locate(chosen.toString(), onPath.getParent().toString(),
				DOCKER_NOT_ASKED);
		assertThat(launcher).isInstanceOfSatisfying(EtcdBinaryLauncher.class,
				(binary) -> assertThat(binary.binary()).isEqualTo(chosen));
	}

	@Test
	void findsEtcdOnPath() throws IOException {
		Path onPath = executable(this.temp.resolve("bin/etcd"));
		String path = this.temp.resolve("nothing-here") + java.io.File.pathSeparator + onPath.getParent();
		EtcdLauncher launcher = EtcdLaunchers.locate(" ", path, DOCKER_NOT_ASKED);
		assertThat(launcher).isInstanceOfSatisfying(EtcdBinaryLauncher.class,
				(binary) -> assertThat(binary.binary()).isEqualTo(onPath));
	}

	@Test
	void fallsBackToAContainerWhenDockerIsAvailable() {
		EtcdLauncher launcher = EtcdLaunchers.locate(null, this.temp.toString(), () -> true);
		assertThat(launcher).isInstanceOf(EtcdContainerLauncher.class);
		assertThat(launcher).hasToString("etcd container gcr.io/etcd-development/etcd:v3.5.21");
	}

	private static Path executable(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.createFile(file,
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
	}

}
