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
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of the Prometheus metrics of an etcd member
 * ({@link EtcdServer#metricsUri()}) or gRPC proxy ({@link EtcdGrpcProxy#metricsUri()}),
 * such as {@code etcd_debugging_mvcc_watcher_total} (the watchers the member serves, in
 * etcd 3.4 and 3.5) or {@code grpc_server_started_total} by method.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdMetrics {

	private static final int TIMEOUT_MILLIS = 5000;

	private final Map<String, Double> series;

	private EtcdMetrics(Map<String, Double> series) {
		this.series = series;
	}

	/**
	 * Read the metrics now.
	 * @param metricsUri the {@code /metrics} URL
	 * @return the snapshot
	 */
	public static EtcdMetrics scrape(URI metricsUri) {
		Map<String, Double> series = new LinkedHashMap<>();
		for (String line : fetch(metricsUri).split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int space = line.lastIndexOf(' ');
			try {
				series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
			}
			catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
				// Not a sample line: nothing to keep.
			}
		}
		return new EtcdMetrics(series);
	}

	/**
	 * Return the sum of every series of a metric whose labels contain all of
	 * {@code labels} (each written as {@code name="value"}), or 0 if there is none.
	 * @param name the metric name, such as {@code grpc_server_started_total}
	 * @param labels required labels, such as {@code grpc_method="Watch"}
	 * @return the sum
	 */
	public double sum(String name, String... labels) {
		double sum = 0;
		for (Map.Entry<String, Double> entry : this.series.entrySet()) {
			String key = entry.getKey();
			int brace = key.indexOf('{');
			String metric = (brace >= 0) ? key.substring(0, brace) : key;
			if (metric.equals(name) && containsAll(key, labels)) {
				sum += entry.getValue();
			}
		}
		return sum;
	}

	/**
	 * Return the gRPC streams a member holds open for a method: started minus handled
	 * ({@code grpc_server_started_total} and {@code grpc_server_handled_total}).
	 * @param method the gRPC method, such as {@code Watch} or {@code LeaseKeepAlive}
	 * @return the streams open when the snapshot was taken
	 */
	public long openStreams(String method) {
		String label = "grpc_method=\"" + method + "\"";
		return Math.round(sum("grpc_server_started_total", label, "grpc_type=\"bidi_stream\"")
				- sum("grpc_server_handled_total", label, "grpc_type=\"bidi_stream\""));
	}

	private static boolean containsAll(String key, String[] labels) {
		for (String label : labels) {
			if (!key.contains(label)) {
				return false;
			}
		}
		return true;
	}

	static String fetch(URI uri) {
		HttpURLConnection connection = null;
		try {
			connection = (HttpURLConnection) uri.toURL().openConnection();
			connection.setConnectTimeout(TIMEOUT_MILLIS);
			connection.setReadTimeout(TIMEOUT_MILLIS);
			if (connection.getResponseCode() != 200) {
				throw new IllegalStateException(uri + " answered HTTP " + connection.getResponseCode());
			}
			try (InputStream body = connection.getInputStream()) {
				return new String(body.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + uri, ex);
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

}
