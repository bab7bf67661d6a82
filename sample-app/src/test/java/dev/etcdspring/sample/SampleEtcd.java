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

package dev.etcdspring.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.etcdspring.test.EtcdServer;
import org.jspecify.annotations.Nullable;

/**
 * The etcd that {@link TestSampleApplication} runs the sample against, on a well-known
 * loopback port (2379, where {@code etcdctl} and the sample's {@code application.yml}
 * look): the etcd that answers there, else one started there for this run, else, when
 * something other than etcd holds the port, one started on a free port.
 *
 * @param endpoint the client URL
 * @param origin how it was found, for the log
 * @param started the server started for this run, stopped when the JVM exits, or
 * {@code null} if it was already running
 * @author etcd-spring-boot-starter authors
 */
record SampleEtcd(String endpoint, String origin, @Nullable EtcdServer started) {

	static final int DEFAULT_PORT = 2379;

	private static final int PROBE_TIMEOUT_MILLIS = 1000;

	/**
	 * Find or start the etcd for the given loopback port.
	 * @param port the port to use, normally {@link #DEFAULT_PORT}
	 * @return the etcd to run against
	 */
	static SampleEtcd forPort(int port) {
		String wellKnown = "http://127.0.0.1:" + port;
		Probe probe = probe(port);
		if (probe == Probe.ETCD) {
			return new SampleEtcd(wellKnown, "already running", null);
		}
		String why = "127.0.0.1:" + port + " is taken by something that is not etcd";
		if (probe == Probe.FREE) {
			try {
				return started(EtcdServer.builder().name("sample").clientPort(port).start(), "started for this run");
			}
			catch (IllegalStateException ex) {
				// Taken between the probe and the start.
				why = "127.0.0.1:" + port + " could not be bound";
			}
		}
		return started(EtcdServer.builder().name("sample").start(),
				"started for this run on a free port because " + why);
	}

	/**
	 * Return the {@code etcdctl} command that reaches this etcd.
	 * @return {@code etcdctl}, with {@code --endpoints} unless it is on the default port
	 */
	String etcdctl() {
		return this.endpoint.equals("http://127.0.0.1:" + DEFAULT_PORT) ? "etcdctl"
				: "etcdctl --endpoints=" + this.endpoint;
	}

	private static SampleEtcd started(EtcdServer server, String origin) {
		return new SampleEtcd(server.endpoint(), origin + ", stopped on exit", server);
	}

	private static Probe probe(int port) {
		HttpURLConnection connection = null;
		try {
			// Served by every etcd on its plain-HTTP client port:
			// {"etcdserver":"3.4.23",...}
			connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/version")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(PROBE_TIMEOUT_MILLIS);
			connection.setReadTimeout(PROBE_TIMEOUT_MILLIS);
			try (InputStream body = connection.getInputStream()) {
				String version = new String(body.readAllBytes(), StandardCharsets.UTF_8);
				return version.contains("\"etcdserver\"") ? Probe.ETCD : Probe.TAKEN;
			}
		}
		catch (ConnectException ex) {
			return Probe.FREE;
		}
		catch (IOException ex) {
			return Probe.TAKEN;
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	private enum Probe {

		FREE, ETCD, TAKEN

	}

}
