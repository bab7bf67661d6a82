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

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.maintenance.StatusResponse;
import org.awaitility.Awaitility;

/**
 * An etcd cluster of several members on loopback, for tests of fail-over and members
 * going away. Members start in parallel (none can serve before a quorum runs). Each
 * {@link #member(int) member} is an {@link EtcdServer} that can be stopped and started
 * again; with three members, one can be down and the cluster keeps serving, and a
 * restarted member rejoins with its data and catches up. {@link #stopAll()} and
 * {@link #startAll()} take the whole cluster down and back. <pre class="code">
 * try (EtcdCluster cluster = EtcdCluster.start(3)) {
 * 	cluster.member(0).stop();
 * 	// clients on cluster.endpoints() keep working
 * 	cluster.member(0).start();
 * }
 * </pre>
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdCluster implements AutoCloseable {

	private static final int MAX_START_ATTEMPTS = 3;

	private final EtcdServer.Settings settings;

	private final List<EtcdServer> members;

	private EtcdCluster(EtcdServer.Settings settings, int size) {
		this.settings = settings;
		EtcdServer.AuthState auth = new EtcdServer.AuthState();
		List<EtcdServer> members = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			members.add(new EtcdServer(settings, "member" + i, auth, true));
		}
		this.members = List.copyOf(members);
	}

	/**
	 * Start a plain cluster (no TLS, no auth) and wait until every member serves.
	 * @param size the number of members, typically 3
	 * @return the running cluster, to be closed
	 */
	public static EtcdCluster start(int size) {
		return builder().size(size).start();
	}

	/**
	 * Return a builder for a cluster.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the number of members.
	 * @return the size
	 */
	public int size() {
		return this.members.size();
	}

	/**
	 * Return a member.
	 * @param index the member's index, from 0
	 * @return the member
	 */
	public EtcdServer member(int index) {
		return this.members.get(index);
	}

	/**
	 * Return every member.
	 * @return the members
	 */
	public List<EtcdServer> members() {
		return this.members;
	}

	/**
	 * Return the client URLs of every member, running or not.
	 * @return the client URLs
	 */
	public List<String> endpoints() {
		return this.members.stream().map(EtcdServer::endpoint).collect(Collectors.toList());
	}

	/**
	 * Return the client URIs of every member, running or not.
	 * @return the client URIs
	 */
	public List<URI> endpointUris() {
		return this.members.stream().map(EtcdServer::endpointUri).collect(Collectors.toList());
	}

	/**
	 * Return a jetcd client builder for every member, with TLS configured as for
	 * {@link EtcdServer#clientBuilder()}.
	 * @return a new client builder
	 */
	public ClientBuilder clientBuilder() {
		return EtcdServer.clientBuilder(endpointUris(), this.settings.tls());
	}

	/**
	 * Stop every member: the whole cluster is down.
	 */
	public void stopAll() {
		this.members.forEach(EtcdServer::stop);
	}

	/**
	 * Start every stopped member at once and wait until all serve. Use this rather than
	 * {@link EtcdServer#start()} one member after another when a quorum is missing: a
	 * member's start waits until it serves, which needs the others.
	 */
	public void startAll() {
		List<EtcdServer> stopped = this.members.stream()
			.filter((member) -> !member.isRunning())
			.collect(Collectors.toList());
		try {
			stopped.forEach(EtcdServer::launch);
			EtcdServer.awaitReady(stopped, this.settings.startTimeout());
		}
		catch (RuntimeException ex) {
			stopped.forEach(EtcdServer::stopQuietly);
			throw ex;
		}
	}

	/**
	 * Enable authentication for the whole cluster, through a running member.
	 * @param rootPassword the password of {@code root}
	 * @see EtcdServer#enableAuth(String)
	 */
	public void enableAuth(String rootPassword) {
		runningMember().enableAuth(rootPassword);
	}

	/**
	 * Add a user with access to a key prefix, through a running member.
	 * @param user the user name
	 * @param password the password
	 * @param keyPrefix the keys the user may read and write
	 * @see EtcdServer#addUser(String, String, String)
	 */
	public void addUser(String user, String password, String keyPrefix) {
		runningMember().addUser(user, password, keyPrefix);
	}

	/**
	 * Make a member the Raft leader of the cluster, moving leadership to it from the
	 * member that holds it, and wait until every member agrees. Tests use it to choose
	 * which member a fault hits: freezing a follower, for example, makes it call an
	 * election when it thaws on etcd 3.4, which has no pre-vote by default.
	 * @param index the index of the member to lead, running like every other member
	 */
	public void moveRaftLeadership(int index) {
		long target = status(this.members.get(index)).getHeader().getMemberId();
		for (EtcdServer member : this.members) {
			StatusResponse status = status(member);
			if (status.getLeader() == status.getHeader().getMemberId() && status.getLeader() != target) {
				// Only the leader hands leadership over.
				try (Client client = member.clientBuilder().build()) {
					get(client.getMaintenanceClient().moveLeader(target));
				}
			}
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.members.stream().allMatch((member) -> status(member).getLeader() == target));
	}

	private static StatusResponse status(EtcdServer member) {
		try (Client client = member.clientBuilder().build()) {
			return get(client.getMaintenanceClient().statusMember(member.endpoint()));
		}
	}

	private static <T> T get(CompletableFuture<T> future) {
		try {
			return future.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stop every member and delete their directories.
	 */
	@Override
	public void close() {
		for (int i = this.members.size() - 1; i >= 0; i--) {
			this.members.get(i).close();
		}
	}

	private void startMembers() {
		for (int attempt = 1;; attempt++) {
			String initialCluster = this.members.stream()
				.map((member) -> member.name() + "=" + member.peerUrl())
				.collect(Collectors.joining(","));
			String token = "etcd-test-" + UUID.randomUUID();
			this.members.forEach((member) -> member.joinCluster(initialCluster, token));
			try {
				this.members.forEach(EtcdServer::launch);
				EtcdServer.awaitReady(this.members, this.settings.startTimeout());
				this.members.forEach(EtcdServer::markStarted);
				return;
			}
			catch (EtcdServer.PortConflictException ex) {
				this.members.forEach(EtcdServer::stopQuietly);
				if (attempt >= MAX_START_ATTEMPTS) {
					throw ex;
				}
				// A fresh cluster on fresh ports: nothing of the failed attempt may
				// remain.
				for (EtcdServer member : this.members) {
					member.assignPorts(EtcdServer.Ports.pick());
					TempFiles.deleteRecursively(member.dataDir());
				}
			}
		}
	}

	private EtcdServer runningMember() {
		return this.members.stream()
			.filter(EtcdServer::isRunning)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No member of the cluster is running"));
	}

	/**
	 * Builder for an {@link EtcdCluster}.
	 */
	public static final class Builder {

		private final EtcdServer.Builder member = EtcdServer.builder();

		private int size = 3;

		private Duration startTimeout = Duration.ofSeconds(60);

		Builder() {
		}

		/**
		 * Set the number of members.
		 * @param size the number of members
		 * @return this builder
		 */
		public Builder size(int size) {
			if (size < 1) {
				throw new IllegalArgumentException("A cluster needs at least one member");
			}
			this.size = size;
			return this;
		}

		/**
		 * Serve clients over TLS.
		 * @param tls the TLS material
		 * @return this builder
		 * @see EtcdServer.Builder#tls(EtcdTls)
		 */
		public Builder tls(EtcdTls tls) {
			this.member.tls(tls);
			return this;
		}

		/**
		 * Set whether clients must present a certificate.
		 * @param clientCertAuth whether client certificates are required
		 * @return this builder
		 * @see EtcdServer.Builder#clientCertAuth(boolean)
		 */
		public Builder clientCertAuth(boolean clientCertAuth) {
			this.member.clientCertAuth(clientCertAuth);
			return this;
		}

		/**
		 * Add etcd command-line arguments for every member.
		 * @param arguments the arguments
		 * @return this builder
		 */
		public Builder arguments(String... arguments) {
			this.member.arguments(arguments);
			return this;
		}

		/**
		 * Set how long starting the whole cluster may take.
		 * @param startTimeout the limit
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = startTimeout;
			return this;
		}

		/**
		 * Start the cluster and wait until every member serves.
		 * @return the running cluster, to be closed
		 */
		public EtcdCluster start() {
			this.member.startTimeout(this.startTimeout);
			EtcdCluster cluster = new EtcdCluster(this.member.settings(), this.size);
			try {
				cluster.startMembers();
				return cluster;
			}
			catch (RuntimeException ex) {
				cluster.close();
				throw ex;
			}
		}

	}

}
