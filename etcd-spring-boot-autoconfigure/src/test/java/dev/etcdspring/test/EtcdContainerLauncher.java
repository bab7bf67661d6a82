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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Fallback that runs members in containers when no etcd binary is installed. The only
 * class of the harness that touches Testcontainers.
 * <p>
 * Containers use the host network, so a member listens on the same loopback ports and
 * takes the same arguments as with the binary; this needs Docker on Linux (or Docker
 * Desktop with host networking enabled). The data directory lives inside the container,
 * which a stop keeps and {@link EtcdMemberProcess#destroy()} removes. This image is etcd
 * 3.5, whose flags used here are the same as 3.4's.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdContainerLauncher implements EtcdLauncher {

	static final DockerImageName IMAGE = DockerImageName.parse("gcr.io/etcd-development/etcd:v3.5.21");

	private static final String DATA_DIR = "/etcd-data";

	private static final String FILES_DIR = "/etcd-files/";

	static boolean isDockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	@Override
	public EtcdMemberProcess create(EtcdMemberSpec spec) {
		return new ContainerMemberProcess(spec);
	}

	@Override
	public String toString() {
		return "etcd container " + IMAGE;
	}

	private static final class ContainerMemberProcess implements EtcdMemberProcess {

		private final EtcdMemberSpec spec;

		private final Consumer<OutputFrame> log;

		private volatile @Nullable GenericContainer<?> container;

		ContainerMemberProcess(EtcdMemberSpec spec) {
			this.spec = spec;
			this.log = (frame) -> append(spec.logFile(), frame.getUtf8String());
		}

		@Override
		public void start() throws IOException {
			GenericContainer<?> current = this.container;
			try {
				if (current == null) {
					this.container = startContainer();
				}
				else {
					// Start the same container again: its data directory survives.
					current.getDockerClient().startContainerCmd(current.getContainerId()).exec();
					current.followOutput(this.log);
				}
			}
			catch (RuntimeException ex) {
				throw new IOException("Could not start " + IMAGE + ": " + ex.getMessage(), ex);
			}
		}

		@SuppressWarnings("resource")
		private GenericContainer<?> startContainer() {
			List<String> command = new ArrayList<>();
			command.add("/usr/local/bin/etcd");
			command.addAll(this.spec.arguments().build(DATA_DIR, (file) -> FILES_DIR + file.getFileName()));
			GenericContainer<?> created = new GenericContainer<>(IMAGE).withNetworkMode("host")
				.withCommand(command.toArray(String[]::new))
				.withLogConsumer(this.log)
				.waitingFor(new AbstractWaitStrategy() {

					@Override
					protected void waitUntilReady() {
						// EtcdServer polls the member's health endpoint itself.
					}

				});
			for (Path file : this.spec.files()) {
				created.withCopyToContainer(MountableFile.forHostPath(file), FILES_DIR + file.getFileName());
			}
			try {
				created.start();
				return created;
			}
			catch (RuntimeException ex) {
				created.stop();
				throw ex;
			}
		}

		@Override
		public boolean isAlive() {
			GenericContainer<?> current = this.container;
			try {
				return current != null && current.isRunning();
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

		@Override
		public String exitDescription() {
			return (this.container == null) ? "never started" : (isAlive() ? "still running" : "container stopped");
		}

		@Override
		public void stop(Duration timeout) {
			GenericContainer<?> current = this.container;
			if (current != null && isAlive()) {
				current.getDockerClient()
					.stopContainerCmd(current.getContainerId())
					.withTimeout((int) Math.max(1, timeout.toSeconds()))
					.exec();
			}
		}

		@Override
		public void destroy() {
			GenericContainer<?> current = this.container;
			this.container = null;
			if (current != null) {
				current.stop();
			}
		}

		private static synchronized void append(Path logFile, String text) {
			try {
				Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				// Losing a log line must not break the member.
			}
		}

	}

}
