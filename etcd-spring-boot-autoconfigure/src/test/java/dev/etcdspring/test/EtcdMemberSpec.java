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

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What a launcher needs to run one etcd member.
 *
 * @param name the member name
 * @param dataDir the data directory on this machine
 * @param logFile where the member's output goes
 * @param files files the arguments refer to (TLS material), to be made visible to etcd
 * @param arguments the command-line arguments, built for where etcd sees its files
 * @author etcd-spring-boot-starter authors
 */
record EtcdMemberSpec(String name, Path dataDir, Path logFile, List<Path> files, Arguments arguments) {

	/**
	 * Builds etcd's arguments for a given view of the file system.
	 */
	@FunctionalInterface
	interface Arguments {

		/**
		 * Build the arguments.
		 * @param dataDir the data directory as etcd sees it
		 * @param file maps a file of {@link EtcdMemberSpec#files()} to the path etcd sees
		 * @return the arguments, without the executable
		 */
		List<String> build(String dataDir, Function<Path, String> file);

	}

}
