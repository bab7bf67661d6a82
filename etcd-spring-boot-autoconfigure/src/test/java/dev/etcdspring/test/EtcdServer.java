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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.auth.Permission;
import io.etcd.jetcd.options.OptionsUtil;
import org.jspecify.annotations.Nullable;

/**
 * One etcd member for tests: a local {@code etcd} process (or, without a binary, a
 * container) on free loopback ports with a temporary data directory.
 * <p>
 * The binary is {@code ETCD_BINARY}, else {@code etcd} on the {@code PATH}; without one
 * the server runs in a container if Docker is available, and fails otherwise. Output goes
 * to {@link #logFile()}; a failed start reports the last lines. {@link #close()} stops
 * the member and deletes its directory, and a JVM shutdown hook does the same for
 * anything left open, so no etcd outlives the tests.
 * <p>
 * Most tests use the shared server ({@link EtcdIntegrationTest},
 * {@link EtcdTestServers#shared()}). A test that stops etcd, enables auth, compacts it or
 * needs TLS starts its own, closed by the test: <pre class="code">
 * try (EtcdServer etcd = EtcdServer.builder().start()) {
 * 	etcd.stop();   // etcd is down
 * 	etcd.start();  // back, same ports and data
 * }
 * </pre> or held in a static field closed in {@code @AfterAll}.
 *
 * @author etcd-spring-boot-starter authors
 * @see EtcdCluster
 * @see EtcdTls
 */
public final class EtcdServer implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private static final int MAX_START_ATTEMPTS = 3;

	private final Settings settings;

	private final String name;

	private final AuthState auth;

	private final boolean clusterMember;

	private final Path directory;

	private final Path dataDir;

	private final Path logFile;

	private volatile Ports ports;

	private volatile String initialCluster;

	private volatile String clusterToken;

	private volatile @Nullable EtcdMemberProcess process;

	private volatile long logOffset;

	private volatile boolean closed;

	private boolean started;

	private boolean clientPortFixed;

	EtcdServer(Settings settings, String name, AuthState auth, boolean clusterMember) {
		this.settings = settings;
		this.name = name;
		this.auth = auth;
		this.clusterMember = clusterMember;
		try {
			this.directory = Files.createTempDirectory("etcd-" + name + "-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create a temporary directory for etcd", ex);
		}
		this.dataDir = this.directory.resolve("data");
		this.logFile = this.directory.resolve("etcd.log");
		this.ports = Ports.pick();
		this.initialCluster = name + "=" + peerUrl();
		this.clusterToken = "etcd-test-" + UUID.randomUUID();
		HarnessCleanup.register(this, this::destroy);
	}

	/**
	 * Return a builder for a single-member server.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start a plain single-member server: no TLS, no auth.
	 * @return the running server, to be closed
	 */
	public static EtcdServer startNew() {
		return builder().start();
	}

	/**
	 * Return the member name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the client URL, such as {@code http://127.0.0.1:23791} or
	 * {@code https://127.0.0.1:23791} with TLS. It does not change across {@link #stop()}
	 * and {@link #start()}.
	 * @return the client URL
	 */
	public String endpoint() {
		return ((this.settings.tls() != null) ? "https" : "http") + "://" + LOOPBACK + ":" + this.ports.client();
	}

	/**
	 * Return {@link #endpoint()} as a one-element list.
	 * @return the client URLs
	 */
	public List<String> endpoints() {
		return List.of(endpoint());
	}

	/**
	 * Return {@link #endpoint()} as a URI.
	 * @return the client URI
	 */
	public URI endpointUri() {
		return URI.create(endpoint());
	}

	/**
	 * Return the member's Prometheus metrics, served over plain HTTP on its metrics port
	 * whatever the client port demands (such as
	 * {@code etcd_debugging_mvcc_watcher_total}); see {@link EtcdMetrics}.
	 * @return the metrics URL
	 */
	public URI metricsUri() {
		return URI.create("http://" + LOOPBACK + ":" + this.ports.metrics() + "/metrics");
	}

	/**
	 * Return the version the running member reports (the {@code etcdserver} field of its
	 * {@code /version}), such as {@code 3.5.16}. Plain HTTP members only.
	 * @return the server version
	 * @throws IllegalStateException if it cannot be read
	 */
	public String serverVersion() {
		if (this.settings.tls() != null) {
			throw new IllegalStateException(this + " serves TLS: read its version through a client");
		}
		String body = EtcdMetrics.fetch(URI.create(endpoint() + "/version"));
		Matcher matcher = Pattern.compile("\"etcdserver\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
		if (!matcher.find()) {
			throw new IllegalStateException(this + " answered /version with " + body);
		}
		return matcher.group(1);
	}

	/**
	 * Return the data directory, inside this server's temporary directory. With the
	 * container fallback the data lives in the container instead.
	 * @return the data directory
	 */
	public Path dataDir() {
		return this.dataDir;
	}

	/**
	 * Return the file receiving etcd's output, kept across restarts.
	 * @return the log file
	 */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Return the TLS material this server uses, if it serves TLS.
	 * @return the TLS material or {@code null}
	 */
	public @Nullable EtcdTls tls() {
		return this.settings.tls();
	}

	/**
	 * Return a jetcd client builder for this member: its endpoint and, with TLS, trust in
	 * the CA and the client certificate. No credentials: add them for a server with auth
	 * enabled.
	 * @return a new client builder
	 */
	public ClientBuilder clientBuilder() {
		return clientBuilder(List.of(endpointUri()), this.settings.tls());
	}

	/**
	 * Return whether the member process runs.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		EtcdMemberProcess current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * Start the member and wait until it serves, or start it again after {@link #stop()}
	 * with the same ports and data. Does nothing if it runs. A cluster member serves once
	 * it has a leader: to restart several members of a cluster that lost its quorum, use
	 * {@link EtcdCluster#startAll()}.
	 * @throws IllegalStateException if it does not serve in time (the message has the end
	 * of its log)
	 */
	public synchronized void start() {
		checkNotClosed();
		if (isRunning()) {
			return;
		}
		// Another process may take a port between picking and binding: pick again, but
		// only before the first start, since a restart must keep the endpoint, and never
		// when the client port was chosen.
		boolean mayPickOtherPorts = !this.started && !this.clusterMember && !this.clientPortFixed;
		for (int attempt = 1;; attempt++) {
			try {
				launch();
				awaitReady(List.of(this), this.settings.startTimeout());
				this.started = true;
				return;
			}
			catch (PortConflictException ex) {
				stopQuietly();
				if (!mayPickOtherPorts || attempt >= MAX_START_ATTEMPTS) {
					throw ex;
				}
				assignPorts(Ports.pick());
				this.initialCluster = this.name + "=" + peerUrl();
				TempFiles.deleteRecursively(this.dataDir);
			}
			catch (RuntimeException ex) {
				stopQuietly();
				throw ex;
			}
		}
	}

	/**
	 * Stop the member: SIGTERM, then a kill if it has not stopped within 10 seconds. Data
	 * and ports are kept for {@link #start()}. Does nothing if it is not running.
	 */
	public synchronized void stop() {
		EtcdMemberProcess current = this.process;
		if (current != null) {
			current.stop(STOP_TIMEOUT);
		}
	}

	/**
	 * Create user {@code root} with the given password, grant it role {@code root} and
	 * enable authentication. From then on clients need credentials (or, with
	 * {@code --client-cert-auth}, a client certificate whose common name is a user).
	 * @param rootPassword the password of {@code root}
	 */
	public void enableAuth(String rootPassword) {
		try (Client client = adminClient()) {
			Auth auth = client.getAuthClient();
			ByteSequence root = bytes("root");
			await(auth.userAdd(root, bytes(rootPassword)), "add user root");
			await(auth.userGrantRole(root, root), "grant role root to root");
			await(auth.authEnable(), "enable auth");
		}
		this.auth.rootPassword = rootPassword;
	}

	/**
	 * Add a user allowed to read and write the keys starting with {@code keyPrefix}
	 * (every key if it is empty), through a role of the same name. Works before and after
	 * {@link #enableAuth(String)}.
	 * @param user the user name
	 * @param password the password
	 * @param keyPrefix the keys the user may read and write
	 */
	public void addUser(String user, String password, String keyPrefix) {
		try (Client client = adminClient()) {
			Auth auth = client.getAuthClient();
			ByteSequence role = bytes(user);
			// In etcd, key "\0" with range end "\0" means every key.
			ByteSequence key = keyPrefix.isEmpty() ? bytes("\0") : bytes(keyPrefix);
			ByteSequence rangeEnd = keyPrefix.isEmpty() ? bytes("\0") : OptionsUtil.prefixEndOf(key);
			await(auth.roleAdd(role), "add role " + user);
			await(auth.roleGrantPermission(role, key, rangeEnd, Permission.Type.READWRITE),
					"grant " + user + " access to '" + keyPrefix + "'");
			await(auth.userAdd(bytes(user), bytes(password)), "add user " + user);
			await(auth.userGrantRole(bytes(user), role), "grant role " + user + " to " + user);
		}
	}

	/**
	 * Add a user with a role of the same name that grants nothing yet; see
	 * {@link #grant(String, String, boolean)}.
	 * @param user the user name
	 * @param password the password
	 */
	public void addUserWithoutPermissions(String user, String password) {
		try (Client client = adminClient()) {
			Auth auth = client.getAuthClient();
			await(auth.roleAdd(bytes(user)), "add role " + user);
			await(auth.userAdd(bytes(user), bytes(password)), "add user " + user);
			await(auth.userGrantRole(bytes(user), bytes(user)), "grant role " + user + " to " + user);
		}
	}

	/**
	 * Grant the role named {@code user} read (or read and write) access to the keys
	 * starting with {@code keyPrefix}.
	 * @param user the user (and role) name
	 * @param keyPrefix the keys
	 * @param write whether to grant write access too
	 */
	public void grant(String user, String keyPrefix, boolean write) {
		try (Client client = adminClient()) {
			ByteSequence key = bytes(keyPrefix);
			await(client.getAuthClient()
				.roleGrantPermission(bytes(user), key, OptionsUtil.prefixEndOf(key),
						write ? Permission.Type.READWRITE : Permission.Type.READ),
					"grant " + user + " access to '" + keyPrefix + "'");
		}
	}

	/**
	 * Freeze the member process with SIGSTOP: it keeps its connections open but answers
	 * nothing, like a member that hangs. {@link #thaw()} resumes it.
	 */
	public void freeze() {
		signal("-STOP");
	}

	/**
	 * Resume a member frozen by {@link #freeze()} (SIGCONT).
	 */
	public void thaw() {
		signal("-CONT");
	}

	private void signal(String signal) {
		EtcdMemberProcess current = this.process;
		long pid = (current != null) ? current.pid().orElse(-1) : -1;
		if (pid <= 0) {
			throw new IllegalStateException(this + " has no process of its own to signal");
		}
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
			if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " " + pid + " failed");
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stop the member, delete its data and start it again on the same ports: what a
	 * client sees when etcd is replaced by a new, empty cluster at the same address. Its
	 * revisions start again at 1. Authentication is off again.
	 */
	public synchronized void wipe() {
		stop();
		TempFiles.deleteRecursively(this.dataDir);
		this.auth.rootPassword = null;
		start();
	}

	/**
	 * Stop the member and delete its temporary directory. The server cannot be started
	 * again.
	 */
	@Override
	public void close() {
		// Flag first, so that a start waiting for readiness in another thread gives up.
		this.closed = true;
		synchronized (this) {
			destroy();
			HarnessCleanup.unregister(this);
		}
	}

	/**
	 * Leave stopping this server at JVM exit to {@code exitActions} instead of the
	 * harness's own shutdown hook. The JVM runs all its shutdown hooks at once, so an
	 * application closing in another hook (Spring Boot's) would lose its etcd while it
	 * still revokes its leases; {@code SpringApplication.getShutdownHandlers()::add} runs
	 * the stop once the application's contexts are closed.
	 * @param exitActions takes the action that closes this server
	 */
	public void closeAtExitWith(Consumer<Runnable> exitActions) {
		exitActions.accept(this::close);
		HarnessCleanup.unregister(this);
	}

	@Override
	public String toString() {
		return "etcd member '" + this.name + "' at " + endpoint();
	}

	boolean isClosed() {
		return this.closed;
	}

	Ports ports() {
		return this.ports;
	}

	String peerUrl() {
		return "http://" + LOOPBACK + ":" + this.ports.peer();
	}

	synchronized void assignPorts(Ports ports) {
		EtcdMemberProcess current = this.process;
		if (current != null) {
			current.destroy();
			this.process = null;
		}
		this.ports = ports;
	}

	void joinCluster(String initialCluster, String clusterToken) {
		this.initialCluster = initialCluster;
		this.clusterToken = clusterToken;
	}

	synchronized void fixClientPort(int clientPort) {
		this.clientPortFixed = true;
		this.ports = new Ports(clientPort, this.ports.peer(), this.ports.metrics());
	}

	synchronized void markStarted() {
		this.started = true;
	}

	/**
	 * Launch the process without waiting for it to serve.
	 */
	synchronized void launch() {
		checkNotClosed();
		EtcdMemberProcess current = this.process;
		if (current == null) {
			List<Path> files = new ArrayList<>();
			EtcdTls tls = this.settings.tls();
			if (tls != null) {
				files.addAll(List.of(tls.serverCertificate(), tls.serverPrivateKey(), tls.caCertificate()));
			}
			current = this.settings.launcher()
				.create(new EtcdMemberSpec(this.name, this.dataDir, this.logFile, files, this::arguments));
			this.process = current;
		}
		this.logOffset = EtcdProcessOutput.logSize(this.logFile);
		try {
			current.start();
		}
		catch (IOException ex) {
			throw startFailure("could not be launched (" + ex.getMessage() + ")");
		}
	}

	synchronized void stopQuietly() {
		try {
			stop();
		}
		catch (RuntimeException ex) {
			// Already failing: the original problem is the one to report.
		}
	}

	/**
	 * Wait until every member answers healthy on its metrics port.
	 * @param members the launched members
	 * @param timeout how long to wait in total
	 * @throws PortConflictException if a member could not bind its ports
	 * @throws IllegalStateException if a member stopped or did not serve in time
	 */
	static void awaitReady(Collection<EtcdServer> members, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Set<EtcdServer> pending = new LinkedHashSet<>(members);
		while (true) {
			for (Iterator<EtcdServer> iterator = pending.iterator(); iterator.hasNext();) {
				EtcdServer member = iterator.next();
				if (member.closed) {
					throw new IllegalStateException(member + " was closed while starting");
				}
				if (member.isHealthy()) {
					iterator.remove();
				}
				else if (!member.isRunning()) {
					EtcdMemberProcess process = member.process;
					throw member.startFailure(
							((process != null) ? process.exitDescription() : "stopped") + " before it was ready");
				}
			}
			if (pending.isEmpty()) {
				return;
			}
			if (System.nanoTime() - deadline > 0) {
				throw pending.iterator().next().startFailure("was not ready within " + timeout.toSeconds() + "s");
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for etcd to start", ex);
			}
		}
	}

	static ClientBuilder clientBuilder(List<URI> endpoints, @Nullable EtcdTls tls) {
		ClientBuilder builder = Client.builder().endpoints(endpoints);
		if (tls != null) {
			try {
				builder.sslContext((ssl) -> ssl.trustManager(tls.caCertificate().toFile())
					.keyManager(tls.clientCertificate().toFile(), tls.clientPrivateKey().toFile()));
			}
			catch (SSLException ex) {
				throw new IllegalStateException("Could not configure TLS for the etcd client", ex);
			}
		}
		return builder;
	}

	private List<String> arguments(String dataDir, Function<Path, String> file) {
		Ports current = this.ports;
		String clientUrl = endpoint();
		List<String> arguments = new ArrayList<>(List.of("--name=" + this.name, "--data-dir=" + dataDir,
				"--listen-client-urls=" + clientUrl, "--advertise-client-urls=" + clientUrl,
				"--listen-peer-urls=" + peerUrl(), "--initial-advertise-peer-urls=" + peerUrl(),
				"--initial-cluster=" + this.initialCluster, "--initial-cluster-token=" + this.clusterToken,
				// Ignored once the data directory exists, so a restart rejoins.
				"--initial-cluster-state=new",
				// Plain HTTP /health whatever the client port demands (TLS, client
				// certs).
				"--listen-metrics-urls=http://" + LOOPBACK + ":" + current.metrics(), "--logger=zap",
				"--log-outputs=stderr"));
		EtcdTls tls = this.settings.tls();
		if (tls != null) {
			arguments.add("--cert-file=" + file.apply(tls.serverCertificate()));
			arguments.add("--key-file=" + file.apply(tls.serverPrivateKey()));
			if (this.settings.clientCertAuth()) {
				arguments.add("--client-cert-auth");
				arguments.add("--trusted-ca-file=" + file.apply(tls.caCertificate()));
			}
		}
		arguments.addAll(this.settings.arguments());
		return arguments;
	}

	private boolean isHealthy() {
		return EtcdProcessOutput.isHealthy(this.ports.metrics());
	}

	private Client adminClient() {
		ClientBuilder builder = clientBuilder();
		String rootPassword = this.auth.rootPassword;
		if (rootPassword != null) {
			builder.user(bytes("root")).password(bytes(rootPassword));
		}
		return builder.build();
	}

	private <T> T await(CompletableFuture<T> future, String action) {
		try {
			return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not " + action + " on " + this + ": " + ex.getCause(), ex);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException(
					"Could not " + action + " on " + this + " within " + REQUEST_TIMEOUT.toSeconds() + "s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while trying to " + action, ex);
		}
	}

	private IllegalStateException startFailure(String what) {
		String log = EtcdProcessOutput.logSince(this.logFile, this.logOffset);
		String message = this + " (" + this.settings.launcher() + ") " + what + ". Last lines of " + this.logFile
				+ ":\n" + EtcdProcessOutput.tail(log);
		// etcd exits at once when a port it was given is taken.
		return log.contains("address already in use") ? new PortConflictException(message)
				: new IllegalStateException(message);
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

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

	/**
	 * Builder for a single-member {@link EtcdServer}.
	 */
	public static final class Builder {

		private String name = "etcd";

		private @Nullable EtcdTls tls;

		private boolean clientCertAuth;

		private String autoCompactionMode = "periodic";

		private String autoCompactionRetention = "0";

		private final List<String> arguments = new ArrayList<>();

		private Duration startTimeout = Duration.ofSeconds(30);

		private int clientPort;

		Builder() {
		}

		/**
		 * Set the member name, which also appears in the temporary directory's name.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Serve clients over TLS with the server certificate of {@code tls}.
		 * @param tls the TLS material
		 * @return this builder
		 */
		public Builder tls(EtcdTls tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Set whether clients must present a certificate signed by the CA of
		 * {@link #tls(EtcdTls)} ({@code --client-cert-auth}).
		 * @param clientCertAuth whether client certificates are required
		 * @return this builder
		 */
		public Builder clientCertAuth(boolean clientCertAuth) {
			this.clientCertAuth = clientCertAuth;
			return this;
		}

		/**
		 * Switch on etcd's automatic compaction, which is off by default.
		 * @param mode {@code periodic} or {@code revision}
		 * @param retention the retention, such as {@code 1m} or {@code 100}
		 * @return this builder
		 */
		public Builder autoCompaction(String mode, String retention) {
			this.autoCompactionMode = mode;
			this.autoCompactionRetention = retention;
			return this;
		}

		/**
		 * Add etcd command-line arguments, such as {@code --auth-token-ttl=5}.
		 * @param arguments the arguments
		 * @return this builder
		 */
		public Builder arguments(String... arguments) {
			this.arguments.addAll(List.of(arguments));
			return this;
		}

		/**
		 * Serve clients on this loopback port instead of a free one, such as 2379, where
		 * {@code etcdctl} finds etcd without flags. The start fails if the port is taken.
		 * @param clientPort the client port
		 * @return this builder
		 */
		public Builder clientPort(int clientPort) {
			this.clientPort = clientPort;
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
		 * Start the server and wait until it serves.
		 * @return the running server, to be closed
		 */
		public EtcdServer start() {
			EtcdServer server = new EtcdServer(settings(), this.name, new AuthState(), false);
			if (this.clientPort != 0) {
				server.fixClientPort(this.clientPort);
			}
			try {
				server.start();
				return server;
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
		}

		Settings settings() {
			if (this.clientCertAuth && this.tls == null) {
				throw new IllegalStateException("clientCertAuth requires tls");
			}
			List<String> allArguments = new ArrayList<>(List.of("--auto-compaction-mode=" + this.autoCompactionMode,
					"--auto-compaction-retention=" + this.autoCompactionRetention));
			allArguments.addAll(this.arguments);
			return new Settings(EtcdLaunchers.detect(), this.tls, this.clientCertAuth, List.copyOf(allArguments),
					this.startTimeout);
		}

	}

	/**
	 * How members are run, shared by the members of a cluster.
	 */
	record Settings(EtcdLauncher launcher, @Nullable EtcdTls tls, boolean clientCertAuth, List<String> arguments,
			Duration startTimeout) {

	}

	/**
	 * A member's ports.
	 */
	record Ports(int client, int peer, int metrics) {

		static Ports pick() {
			int[] ports = FreePorts.pick(3);
			return new Ports(ports[0], ports[1], ports[2]);
		}

	}

	/**
	 * The root password once auth is enabled, shared by the members of a cluster.
	 */
	static final class AuthState {

		volatile @Nullable String rootPassword;

	}

	/**
	 * A member could not bind a port it was given.
	 */
	static final class PortConflictException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		PortConflictException(String message) {
			super(message);
		}

	}

}
