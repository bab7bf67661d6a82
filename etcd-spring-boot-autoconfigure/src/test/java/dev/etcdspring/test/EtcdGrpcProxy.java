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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import org.jspecify.annotations.Nullable;

/**
 * etcd's gRPC proxy ({@code etcd grpc-proxy start}, the same binary as the member) in
 * front of an {@link EtcdServer} or {@link EtcdCluster}, on a free loopback port. Clients
 * connect to {@link #endpoint()} as they would to a member; the proxy coalesces their
 * watches and lease keep-alives into one stream each towards etcd and, with a
 * {@linkplain Builder#namespace(String) namespace}, prefixes every key.
 * <pre class="code">
 * try (EtcdGrpcProxy proxy = EtcdGrpcProxy.builder(etcd.endpoints()).namespace("/tenant-a/").start()) {
 * 	// etcd.endpoints=proxy.endpoint(); key /config/x is /tenant-a/config/x in etcd
 * }
 * </pre> {@link #stop()} and {@link #start()} keep the port. The proxy runs as a process
 * of its own, stopped through its own handle, never by name; a JVM shutdown hook stops
 * what a test left running. Members must serve plain HTTP: the proxy is not given TLS
 * material.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdGrpcProxy implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private static final int MAX_START_ATTEMPTS = 3;

	private final EtcdLauncher launcher;

	private final List<String> members;

	private final @Nullable String namespace;

	private final List<String> arguments;

	private final Duration startTimeout;

	private final Path directory;

	private final Path logFile;

	private volatile int port;

	private volatile int metricsPort;

	private volatile @Nullable EtcdMemberProcess process;

	private volatile boolean closed;

	private boolean started;

	private EtcdGrpcProxy(Builder builder) {
		this.launcher = EtcdLaunchers.detect();
		this.members = builder.members;
		this.namespace = builder.namespace;
		this.arguments = List.copyOf(builder.arguments);
		this.startTimeout = builder.startTimeout;
		try {
			this.directory = Files.createTempDirectory("etcd-grpc-proxy-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create a temporary directory for the etcd gRPC proxy", ex);
		}
		this.logFile = this.directory.resolve("grpc-proxy.log");
		pickPorts();
		HarnessCleanup.register(this, this::destroy);
	}

	/**
	 * Return a builder for a proxy in front of the given member client URLs, such as
	 * {@link EtcdServer#endpoints()} or {@link EtcdCluster#endpoints()}.
	 * @param members the client URLs of the members, plain {@code http}
	 * @return the builder
	 */
	public static Builder builder(List<String> members) {
		return new Builder(members);
	}

	/**
	 * Start a proxy without a namespace in front of one member.
	 * @param member the member
	 * @return the running proxy, to be closed
	 */
	public static EtcdGrpcProxy startFor(EtcdServer member) {
		return builder(member.endpoints()).start();
	}

	/**
	 * Return the URL clients connect to, such as {@code http://127.0.0.1:23795}. It does
	 * not change across {@link #stop()} and {@link #start()}.
	 * @return the client URL of the proxy
	 */
	public String endpoint() {
		return "http://" + LOOPBACK + ":" + this.port;
	}

	/**
	 * Return {@link #endpoint()} as a one-element list.
	 * @return the client URLs of the proxy
	 */
	public List<String> endpoints() {
		return List.of(endpoint());
	}

	/**
	 * Return the proxy's own Prometheus metrics ({@code etcd_grpc_proxy_*}), such as
	 * {@code etcd_grpc_proxy_watchers_coalescing_total}.
	 * @return the metrics URL
	 */
	public URI metricsUri() {
		return URI.create("http://" + LOOPBACK + ":" + this.metricsPort + "/metrics");
	}

	/**
	 * Return the namespace the proxy prefixes to every key, if any.
	 * @return the namespace or {@code null}
	 */
	public @Nullable String namespace() {
		return this.namespace;
	}

	/**
	 * Return a jetcd client builder for the proxy.
	 * @return a new client builder
	 */
	public ClientBuilder clientBuilder() {
		return Client.builder().endpoints(URI.create(endpoint()));
	}

	/**
	 * Return the file receiving the proxy's output, kept across restarts.
	 * @return the log file
	 */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Return the operating system's id of the proxy process while it runs (not with the
	 * container fallback).
	 * @return the process id, if any
	 */
	public OptionalLong pid() {
		EtcdMemberProcess current = this.process;
		return (current != null) ? current.pid() : OptionalLong.empty();
	}

	/**
	 * Return whether the proxy process runs.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		EtcdMemberProcess current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * Start the proxy and wait until it serves through a member, or start it again after
	 * {@link #stop()} on the same port. Does nothing if it runs.
	 * @throws IllegalStateException if it does not serve in time (the message has the end
	 * of its log)
	 */
	public synchronized void start() {
		checkNotClosed();
		if (isRunning()) {
			return;
		}
		for (int attempt = 1;; attempt++) {
			long logOffset = EtcdProcessOutput.logSize(this.logFile);
			try {
				launch();
				awaitReady(logOffset);
				this.started = true;
				return;
			}
			catch (RuntimeException ex) {
				stopQuietly();
				// Another process may take a port between picking and binding: pick
				// again, but only before the first start, since a restart keeps the
				// endpoint.
				boolean portTaken = EtcdProcessOutput.logSince(this.logFile, logOffset)
					.contains("address already in use");
				if (!portTaken || this.started || attempt >= MAX_START_ATTEMPTS) {
					throw ex;
				}
				this.process = null;
				pickPorts();
			}
		}
	}

	/**
	 * Stop the proxy (SIGTERM to its own process, then a kill if it has not stopped
	 * within 10 seconds): its clients lose their streams until {@link #start()}. Does
	 * nothing if it is not running.
	 */
	public synchronized void stop() {
		EtcdMemberProcess current = this.process;
		if (current != null) {
			current.stop(STOP_TIMEOUT);
		}
	}

	/**
	 * Stop the proxy and delete its temporary directory. It cannot be started again.
	 */
	@Override
	public void close() {
		this.closed = true;
		synchronized (this) {
			destroy();
			HarnessCleanup.unregister(this);
		}
	}

	@Override
	public String toString() {
		return "etcd gRPC proxy at " + endpoint() + " for " + this.members
				+ ((this.namespace != null) ? " with namespace '" + this.namespace + "'" : "");
	}

	private void pickPorts() {
		int[] ports = FreePorts.pick(2);
		this.port = ports[0];
		this.metricsPort = ports[1];
	}

	private void launch() {
		EtcdMemberProcess current = this.process;
		if (current == null) {
			current = this.launcher.create(new EtcdMemberSpec("grpc-proxy", this.directory.resolve("data"),
					this.logFile, List.of(), this::commandLine));
			this.process = current;
		}
		try {
			current.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(this + " could not be launched (" + ex.getMessage() + ")", ex);
		}
	}

	private List<String> commandLine(String dataDir, Function<Path, String> file) {
		List<String> command = new ArrayList<>(List.of("grpc-proxy", "start",
				"--endpoints=" + String.join(",", this.members.stream().map(EtcdGrpcProxy::hostAndPort).toList()),
				"--listen-addr=" + LOOPBACK + ":" + this.port,
				"--metrics-addr=http://" + LOOPBACK + ":" + this.metricsPort,
				// Without it the proxy writes "default.proxy" into the working directory.
				"--data-dir=" + dataDir));
		if (this.namespace != null) {
			command.add("--namespace=" + this.namespace);
		}
		command.addAll(this.arguments);
		return command;
	}

	private static String hostAndPort(String url) {
		URI uri = URI.create(url);
		if (!"http".equals(uri.getScheme())) {
			throw new IllegalArgumentException("The gRPC proxy of the harness supports plain http members, not " + url);
		}
		return uri.getHost() + ":" + uri.getPort();
	}

	/**
	 * Wait until the proxy answers healthy: it listens and reached a member.
	 */
	private void awaitReady(long logOffset) {
		long deadline = System.nanoTime() + this.startTimeout.toNanos();
		while (!EtcdProcessOutput.isHealthy(this.metricsPort)) {
			if (this.closed) {
				throw new IllegalStateException(this + " was closed while starting");
			}
			EtcdMemberProcess current = this.process;
			if (current == null || !current.isAlive()) {
				throw startFailure(((current != null) ? current.exitDescription() : "stopped") + " before it was ready",
						logOffset);
			}
			if (System.nanoTime() - deadline > 0) {
				throw startFailure("was not ready within " + this.startTimeout.toSeconds() + "s", logOffset);
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the etcd gRPC proxy to start", ex);
			}
		}
	}

	private IllegalStateException startFailure(String what, long logOffset) {
		return new IllegalStateException(this + " (" + this.launcher + ") " + what + ". Last lines of " + this.logFile
				+ ":\n" + EtcdProcessOutput.tail(EtcdProcessOutput.logSince(this.logFile, logOffset)));
	}

	private synchronized void stopQuietly() {
		try {
			stop();
		}
		catch (RuntimeException ex) {
			// Already failing: the original problem is the one to report.
		}
	}

	private void destroy() {
		this.closed = true;
		EtcdMemberProcess current = this.process;
		if (current != null) {
			try {
				current.destroy();
			}
			catch (RuntimeException ex) {
				// Best effort: the temporary directory still goes.
			}
		}
		TempFiles.deleteRecursively(this.directory);
	}

	private void checkNotClosed() {
		if (this.closed) {
			throw new IllegalStateException(this + " is closed");
		}
	}

	/**
	 * Builder for an {@link EtcdGrpcProxy}.
	 */
	public static final class Builder {

		private final List<String> members;

		private @Nullable String namespace;

		private final List<String> arguments = new ArrayList<>();

		private Duration startTimeout = Duration.ofSeconds(30);

		Builder(List<String> members) {
			if (members.isEmpty()) {
				throw new IllegalArgumentException("The gRPC proxy needs at least one member");
			}
			this.members = List.copyOf(members);
		}

		/**
		 * Prefix every key clients send with {@code namespace} ({@code --namespace}),
		 * such as {@code /tenant-a/}: a client's {@code /config/x} is
		 * {@code /tenant-a/config/x} in etcd, and it sees no key outside the namespace.
		 * @param namespace the prefix
		 * @return this builder
		 */
		public Builder namespace(String namespace) {
			this.namespace = namespace;
			return this;
		}

		/**
		 * Add {@code grpc-proxy start} arguments, such as {@code --max-send-bytes=...}.
		 * @param arguments the arguments
		 * @return this builder
		 */
		public Builder arguments(String... arguments) {
			this.arguments.addAll(List.of(arguments));
			return this;
		}

		/**
		 * Set how long a start may take before it fails.
		 * @param startTimeout the limit
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = startTimeout;
			return this;
		}

		/**
		 * Start the proxy and wait until it serves.
		 * @return the running proxy, to be closed
		 */
		public EtcdGrpcProxy start() {
			EtcdGrpcProxy proxy = new EtcdGrpcProxy(this);
			try {
				proxy.start();
				return proxy;
			}
			catch (RuntimeException ex) {
				proxy.close();
				throw ex;
			}
		}

	}

}
