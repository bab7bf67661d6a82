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
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the harness reads from an etcd process it started (a member or a gRPC proxy): its
 * {@code /health} answer on the plain HTTP metrics port, and the end of its log for a
 * start failure's message.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdProcessOutput {

	private static final int HEALTH_TIMEOUT_MILLIS = 2000;

	private static final int LOG_TAIL_LINES = 30;

	/** The end of a long log is enough, and bounded. */
	private static final int LOG_READ_LIMIT = 64 * 1024;

	private EtcdProcessOutput() {
	}

	/**
	 * Whether the process answers {@code {"health":"true"}} on
	 * {@code http://127.0.0.1:<metricsPort>/health}: a member once it has a leader, a
	 * proxy once it reached a member.
	 * @param metricsPort the loopback metrics port
	 * @return whether the process is healthy
	 */
	static boolean isHealthy(int metricsPort) {
		HttpURLConnection connection = null;
		try {
			connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + metricsPort + "/health")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(HEALTH_TIMEOUT_MILLIS);
			connection.setReadTimeout(HEALTH_TIMEOUT_MILLIS);
			if (connection.getResponseCode() != 200) {
				return false;
			}
			try (InputStream body = connection.getInputStream()) {
				return new String(body.readAllBytes(), StandardCharsets.UTF_8).contains("\"health\":\"true\"");
			}
		}
		catch (IOException ex) {
			return false;
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	/**
	 * The current size of a log file, to read what a later launch writes.
	 * @param logFile the log file
	 * @return its size, 0 if it does not exist or cannot be read
	 */
	static long logSize(Path logFile) {
		try {
			return Files.exists(logFile) ? Files.size(logFile) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * What a log file holds from an offset on, at most its last 64 KiB.
	 * @param logFile the log file
	 * @param offset where to start, as returned by {@link #logSize(Path)} before a launch
	 * @return the text, empty if the file cannot be read
	 */
	static String logSince(Path logFile, long offset) {
		try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
			long start = Math.max(Math.min(offset, file.length()), file.length() - LOG_READ_LIMIT);
			byte[] bytes = new byte[(int) (file.length() - start)];
			file.seek(start);
			file.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * The last lines of a log, for a failure message.
	 * @param log the log text
	 * @return its last 30 lines, or {@code (no output)}
	 */
	static String tail(String log) {
		String[] lines = log.split("\n");
		StringBuilder tail = new StringBuilder();
		for (int i = Math.max(0, lines.length - LOG_TAIL_LINES); i < lines.length; i++) {
			tail.append(lines[i]).append('\n');
		}
		return (tail.toString().isBlank()) ? "(no output)\n" : tail.toString();
	}

}
