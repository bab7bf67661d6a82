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
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs members with a local etcd binary.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdBinaryLauncher implements EtcdLauncher {

	private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);

	private final Path binary;

	EtcdBinaryLauncher(Path binary) {
		this.binary = binary;
	}

	Path binary() {
		return this.binary;
	}

	@Override
	public EtcdMemberProcess create(EtcdMemberSpec spec) {
		return new BinaryMemberProcess(spec);
	}

	@Override
	public String toString() {
		return "etcd binary " + this.binary;
	}

	private final class BinaryMemberProcess implements EtcdMemberProcess {

		private final EtcdMemberSpec spec;

		private volatile @Nullable Process process;

		BinaryMemberProcess(EtcdMemberSpec spec) {
			this.spec = spec;
		}

		@Override
		public java.util.OptionalLong pid() {
			Process current = this.process;
			return (current != null && current.isAlive()) ? java.util.OptionalLong.of(current.pid())
					: java.util.OptionalLong.empty();
		}

		@Override
		public void start() throws IOException {
			List<String> command = new ArrayList<>();
			command.add(EtcdBinaryLauncher.this.binary.toString());
			command.addAll(this.spec.arguments().build(this.spec.dataDir().toString(), Path::toString));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(this.spec.logFile().toFile()));
			// etcd 3.4 refuses to start when an ETCD_* variable shadows a flag we pass.
			builder.environment()
				.keySet()
				.removeIf((name) -> name.startsWith("ETCD_") && !name.equals("ETCD_UNSUPPORTED_ARCH"));
			this.process = builder.start();
		}

		@Override
		public boolean isAlive() {
			Process current = this.process;
			return current != null && current.isAlive();
		}

		@Override
		public String exitDescription() {
			Process current = this.process;
			if (current == null) {
				return "never started";
			}
			return current.isAlive() ? "still running" : "exited with code " + current.exitValue();
		}

		@Override
		public void stop(Duration timeout) {
			Process current = this.process;
			if (current == null || !current.isAlive()) {
				return;
			}
			current.destroy();
			try {
				if (!current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					current.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				current.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void destroy() {
			stop(KILL_TIMEOUT);
		}

	}

}
