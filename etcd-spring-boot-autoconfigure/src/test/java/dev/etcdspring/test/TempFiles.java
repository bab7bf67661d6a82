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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Deletes the harness's temporary directories.
 *
 * @author etcd-spring-boot-starter authors
 */
final class TempFiles {

	private TempFiles() {
	}

	/**
	 * Delete a directory and everything below it, as far as possible.
	 * @param directory the directory
	 */
	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		List<Path> paths;
		try (Stream<Path> walk = Files.walk(directory)) {
			paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
		}
		catch (IOException ex) {
			return;
		}
		for (Path path : paths) {
			try {
				Files.deleteIfExists(path);
			}
			catch (IOException ex) {
				// Best effort: a leftover file in the temporary directory is harmless.
			}
		}
	}

	/**
	 * Delete everything below a directory, keeping the directory itself.
	 * @param directory the directory
	 */
	static void deleteContents(Path directory) {
		deleteRecursively(directory);
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			// The next etcd start reports the problem with a clearer message.
		}
	}

}
