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

package dev.etcdspring.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.cluster.MemberListResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link EtcdClient} over a jetcd {@link Client}. It owns the callback threads of its
 * watches and keep-alives and stops them when closed; the jetcd client is closed by
 * whoever created it.
 *
 * @author etcd-spring-boot-starter authors
 */
public class DefaultEtcdClient implements EtcdClient, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DefaultEtcdClient.class);

	/**
	 * Keys read per request by {@link #getPrefix(String)}: keeps each response far below
	 * gRPC's inbound message limit for ordinary configuration and registration values.
	 */
	static final int PAGE_SIZE = 500;

	/**
	 * Operation names as messages say them, to the names observations are tagged with.
	 */
	private static final Map<String, String> OPERATIONS = Map.of("get by prefix", "get-prefix", "delete by prefix",
			"delete-prefix", "transaction", "txn", "lease grant", "lease-grant", "lease revoke", "lease-revoke",
			"lease time-to-live", "lease-time-to-live", "watch", "watch-start", "member list", "member-list");

	private final Client client;

	private final List<String> endpoints;

	private final Duration requestTimeout;

	private final EtcdErrors errors;

	private final Supervision supervision;

	private volatile EtcdRequestObserver requestObserver = EtcdRequestObserver.NONE;

	private final Set<AutoCloseable> running = ConcurrentHashMap.newKeySet();

	/**
	 * Create a new client with the default retry and delivery settings.
	 * @param client the jetcd client to use
	 * @param endpoints the endpoints the jetcd client was built with, for messages
	 * @param requestTimeout the timeout of every request
	 */
	public DefaultEtcdClient(Client client, List<String> endpoints, Duration requestTimeout) {
		this(client, endpoints, null, withRequestTimeout(requestTimeout));
	}

	/**
	 * Create a new client.
	 * @param client the jetcd client to use
	 * @param endpoints the endpoints the jetcd client was built with, for messages
	 * @param username the etcd user the jetcd client authenticates as, for messages
	 * @param properties the request timeout, {@code etcd.retry.*} and
	 * {@code etcd.delivery.*}
	 */
	public DefaultEtcdClient(Client client, List<String> endpoints, @Nullable String username,
			EtcdProperties properties) {
		Duration requestTimeout = properties.getRequestTimeout();
		Assert.isTrue(!requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be positive");
		this.client = client;
		this.endpoints = List.copyOf(endpoints);
		this.requestTimeout = requestTimeout;
		this.errors = new EtcdErrors(this.endpoints, requestTimeout, username);
		this.supervision = new Supervision(properties.getRetry(), properties.getDelivery(), Clock.systemUTC());
	}

	/**
	 * Set who is told of every request, such as a Micrometer {@code Observation} adapter.
	 * The client may already be in use.
	 * @param requestObserver the observer
	 */
	public void setRequestObserver(EtcdRequestObserver requestObserver) {
		this.requestObserver = requestObserver;
	}

	private <T> T await(CompletableFuture<T> future, String operation, @Nullable String key) {
		EtcdRequestObserver.Request request = this.requestObserver.start(observedName(operation));
		T result;
		try {
			result = this.errors.await(future, operation, key);
		}
		catch (EtcdException ex) {
			request.failed(ex);
			throw ex;
		}
		request.succeeded();
		return result;
	}

	private static String observedName(String operation) {
		// Never the revision or the key: observation tags must have few values.
		return operation.startsWith("get by prefix (changes at") ? "changes-at"
				: OPERATIONS.getOrDefault(operation, operation);
	}

	private static EtcdProperties withRequestTimeout(Duration requestTimeout) {
		EtcdProperties properties = new EtcdProperties();
		properties.setRequestTimeout(requestTimeout);
		return properties;
	}

	@Override
	public long put(String key, String value) {
		return put(bytes(key), bytes(value), 0);
	}

	@Override
	public long put(String key, String value, long leaseId) {
		return put(bytes(key), bytes(value), leaseId);
	}

	@Override
	public long put(byte[] key, byte[] value) {
		return put(key, value, 0);
	}

	@Override
	public long put(byte[] key, byte[] value, long leaseId) {
		PutOption option = PutOption.builder().withLeaseId(leaseId).build();
		return await(this.client.getKVClient().put(ByteSequence.from(key), ByteSequence.from(value), option), "put",
				string(key))
			.getHeader()
			.getRevision();
	}

	@Override
	public Optional<EtcdKeyValue> get(String key) {
		return get(bytes(key));
	}

	@Override
	public Optional<EtcdKeyValue> get(byte[] key) {
		GetResponse response = await(this.client.getKVClient().get(ByteSequence.from(key)), "get", string(key));
		return response.getKvs().stream().findFirst().map(DefaultEtcdClient::toKeyValue);
	}

	@Override
	public EtcdGetResult getPrefix(String prefix) {
		ByteSequence start = ByteSequence.from(bytes(prefix));
		List<EtcdKeyValue> keyValues = new ArrayList<>();
		long revision = 0;
		ByteSequence from = start;
		int pageSize = PAGE_SIZE;
		while (true) {
			// No sort order: etcd returns a range in key order anyway, and with any sort
			// order it reads the whole rest of the range for each page, then truncates.
			GetOption.Builder option = GetOption.builder().withLimit(pageSize);
			option = (from == start) ? option.isPrefix(true) : option.withRange(prefixEnd(start));
			if (revision > 0) {
				option.withRevision(revision);
			}
			GetResponse page;
			try {
				page = await(this.client.getKVClient().get(from, option.build()), "get by prefix", prefix);
			}
			catch (EtcdException ex) {
				if (pageSize > 1 && isTooLarge(ex)) {
					// Large values: read fewer keys a page (at the same revision).
					pageSize = Math.max(1, pageSize / 4);
					continue;
				}
				throw ex;
			}
			if (revision == 0) {
				revision = page.getHeader().getRevision();
			}
			List<KeyValue> kvs = page.getKvs();
			kvs.forEach((kv) -> keyValues.add(toKeyValue(kv)));
			if (!page.isMore() || kvs.isEmpty()) {
				return new EtcdGetResult(keyValues, revision);
			}
			byte[] last = kvs.get(kvs.size() - 1).getKey().getBytes();
			from = ByteSequence.from(Arrays.copyOf(last, last.length + 1));
		}
	}

	@Override
	public boolean hasChangesAt(String prefix, long revision) {
		Assert.isTrue(revision > 1, "revision must be above 1");
		ByteSequence key = ByteSequence.from(bytes(prefix));
		// etcd applies the revision filters to the keys it returns but not to a count, so
		// the filtered reads return keys (without values) and the totals are counts.
		CompletableFuture<GetResponse> modified = read(key,
				GetOption.builder().withKeysOnly(true).withRevision(revision).withMinModRevision(revision));
		CompletableFuture<GetResponse> created = read(key,
				GetOption.builder().withKeysOnly(true).withRevision(revision).withMinCreateRevision(revision));
		CompletableFuture<GetResponse> now = read(key, GetOption.builder().withCountOnly(true).withRevision(revision));
		CompletableFuture<GetResponse> before = read(key,
				GetOption.builder().withCountOnly(true).withRevision(revision - 1));
		CompletableFuture<Void> all = CompletableFuture.allOf(modified, created, now, before);
		await(all, "get by prefix (changes at revision " + revision + ")", prefix);
		if (!modified.join().getKvs().isEmpty()) {
			return true;
		}
		// Every key in a revision is touched once: count(before) + created - deleted =
		// count(now).
		long deleted = before.join().getCount() + created.join().getKvs().size() - now.join().getCount();
		return deleted > 0;
	}

	private CompletableFuture<GetResponse> read(ByteSequence prefix, GetOption.Builder option) {
		return this.client.getKVClient().get(prefix, option.isPrefix(true).build());
	}

	private static boolean isTooLarge(EtcdException ex) {
		return String.valueOf(ex.getMessage()).contains("etcd.max-inbound-message-size");
	}

	@Override
	public long delete(String key) {
		return await(this.client.getKVClient().delete(ByteSequence.from(bytes(key))), "delete", key).getDeleted();
	}

	@Override
	public long deletePrefix(String prefix) {
		DeleteOption option = DeleteOption.builder().isPrefix(true).build();
		return await(this.client.getKVClient().delete(ByteSequence.from(bytes(prefix)), option), "delete by prefix",
				prefix)
			.getDeleted();
	}

	@Override
	public EtcdTransaction transaction() {
		return new Transaction();
	}

	@Override
	public EtcdWatchSubscription watch(String key, EtcdWatchListener listener) {
		return watch(EtcdWatchOptions.key(key), listener);
	}

	@Override
	public EtcdWatchSubscription watch(EtcdWatchOptions options, EtcdWatchListener listener) {
		EtcdWatchOptions effective = options;
		if (options.startRevision() <= 0) {
			// "From now" is pinned to a revision so that a re-created stream cannot skip
			// a change made between two streams.
			GetOption countOnly = GetOption.builder().withCountOnly(true).build();
			long now = await(this.client.getKVClient().get(ByteSequence.from(options.keyBytes()), countOnly), "watch",
					options.key())
				.getHeader()
				.getRevision();
			effective = options.fromRevision(now + 1);
		}
		SupervisedWatch watch = new SupervisedWatch(this.client.getWatchClient(), effective, listener, this.supervision,
				this.errors);
		Tracked handle = new Tracked(watch);
		watch.start();
		return new EtcdWatchSubscription() {

			@Override
			public long lastRevision() {
				return watch.lastRevision();
			}

			@Override
			public boolean isActive() {
				return watch.isActive();
			}

			@Override
			public EtcdSupervisedStatus status() {
				return watch.status();
			}

			@Override
			public void close() {
				handle.close();
			}

		};
	}

	@Override
	public EtcdLease grantLease(Duration ttl) {
		Assert.isTrue(ttl.toMillis() >= 1000, () -> "A lease TTL must be at least one second, but was " + ttl);
		long seconds = (ttl.toMillis() + 999) / 1000;
		long id = await(this.client.getLeaseClient().grant(seconds), "lease grant", null).getID();
		return new EtcdLease(id, Duration.ofSeconds(seconds));
	}

	@Override
	public EtcdKeepAlive keepAlive(long leaseId, EtcdKeepAliveListener listener) {
		LeaseKeepAlive keepAlive = new LeaseKeepAlive(leaseId, listener, this.supervision, this.errors);
		Tracked handle = new Tracked(keepAlive);
		keepAlive.start(this.client.getLeaseClient());
		return new EtcdKeepAlive() {

			@Override
			public long leaseId() {
				return leaseId;
			}

			@Override
			public void close() {
				handle.close();
			}

		};
	}

	@Override
	public EtcdLeaseTimeToLive timeToLive(long leaseId) {
		LeaseTimeToLiveResponse response = await(
				this.client.getLeaseClient().timeToLive(leaseId, LeaseOption.builder().withAttachedKeys().build()),
				"lease time-to-live", null);
		List<String> keys = response.getKeys().stream().map((key) -> key.toString(StandardCharsets.UTF_8)).toList();
		return new EtcdLeaseTimeToLive(leaseId, Duration.ofSeconds(response.getTTL()),
				Duration.ofSeconds(response.getGrantedTTL()), keys);
	}

	@Override
	public void revokeLease(long leaseId) {
		await(this.client.getLeaseClient().revoke(leaseId), "lease revoke", null);
	}

	@Override
	public void compact(long revision) {
		await(this.client.getKVClient().compact(revision), "compact", null);
	}

	@Override
	public EtcdClusterStatus status() {
		// Asked where every other call goes (the client's channel, else the configured
		// endpoints), never at the URLs members advertise: behind Docker, Kubernetes or a
		// proxy those are often not reachable from the application.
		long deadline = System.nanoTime() + this.requestTimeout.toNanos();
		StatusResponse status = EtcdMemberStatusReader.status(this.client, this.endpoints, this.requestTimeout);
		EtcdErrors remaining = this.errors.withTimeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
		MemberListResponse members = remaining.await(this.client.getClusterClient().listMember(), "member list", null);
		List<String> names = members.getMembers()
			.stream()
			.map((member) -> member.getName().isEmpty() ? Long.toHexString(member.getId()) : member.getName())
			.toList();
		return new EtcdClusterStatus(Long.toHexString(status.getHeader().getClusterId()),
				Long.toHexString(status.getHeader().getMemberId()), Long.toHexString(status.getLeader()),
				status.getVersion(), status.getHeader().getRevision(), status.getRaftTerm(), names);
	}

	@Override
	public EtcdRetryPolicy retryPolicy() {
		return this.supervision.retryPolicy();
	}

	@Override
	public List<EtcdSupervisedStatus> supervised() {
		return this.supervision.statuses();
	}

	@Override
	public EtcdBackgroundTask retryInBackground(String name, Runnable attempt, @Nullable Throwable firstFailure) {
		SupervisedTask task = new SupervisedTask(this.supervision, name, attempt);
		Tracked handle = new Tracked(task);
		task.start(firstFailure);
		return new EtcdBackgroundTask() {

			@Override
			public EtcdSupervisedStatus status() {
				return task.status();
			}

			@Override
			public boolean isDone() {
				return task.isDone();
			}

			@Override
			public void close() {
				handle.close();
			}

		};
	}

	@Override
	public List<String> endpoints() {
		return this.endpoints;
	}

	@Override
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	@Override
	public Client jetcd() {
		return this.client;
	}

	/**
	 * Stop every watch and keep-alive started through this client, then the callback
	 * threads. The jetcd client is left open.
	 */
	@Override
	public void close() {
		for (AutoCloseable closeable : List.copyOf(this.running)) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Failed to stop an etcd subscription", ex);
			}
		}
		this.supervision.shutdown(this.requestTimeout);
	}

	static EtcdKeyValue toKeyValue(KeyValue kv) {
		return new EtcdKeyValue(kv.getKey().getBytes(), kv.getValue().getBytes(), kv.getCreateRevision(),
				kv.getModRevision(), kv.getVersion(), kv.getLease());
	}

	static ByteSequence prefixEnd(ByteSequence prefix) {
		byte[] end = prefix.getBytes();
		for (int i = end.length - 1; i >= 0; i--) {
			if (end[i] != (byte) 0xff) {
				end[i]++;
				return ByteSequence.from(Arrays.copyOf(end, i + 1));
			}
		}
		// Every byte is 0xff (or the prefix is empty): the range runs to the end of the
		// key space.
		return ByteSequence.from(new byte[] { 0 });
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	/**
	 * Tracks a running watch or keep-alive so that closing the client stops it.
	 */
	private final class Tracked {

		private final AutoCloseable target;

		Tracked(AutoCloseable target) {
			this.target = target;
			DefaultEtcdClient.this.running.add(target);
		}

		void close() {
			DefaultEtcdClient.this.running.remove(this.target);
			try {
				this.target.close();
			}
			catch (Exception ex) {
				throw new EtcdException("Failed to stop " + this.target, ex);
			}
		}

	}

	private final class Transaction implements EtcdTransaction {

		private final List<Cmp> conditions = new ArrayList<>();

		private final List<Op> then = new ArrayList<>();

		private final List<Op> otherwise = new ArrayList<>();

		private List<Op> target = this.then;

		private final List<String> keys = new ArrayList<>();

		@Override
		public EtcdTransaction ifValue(String key, String value) {
			this.conditions.add(new Cmp(seq(key), Cmp.Op.EQUAL, CmpTarget.value(seq(value))));
			return this;
		}

		@Override
		public EtcdTransaction ifAbsent(String key) {
			this.conditions.add(new Cmp(seq(key), Cmp.Op.EQUAL, CmpTarget.version(0)));
			return this;
		}

		@Override
		public EtcdTransaction ifModRevision(String key, long revision) {
			this.conditions.add(new Cmp(seq(key), Cmp.Op.EQUAL, CmpTarget.modRevision(revision)));
			return this;
		}

		@Override
		public EtcdTransaction put(String key, String value) {
			return put(key, value, 0);
		}

		@Override
		public EtcdTransaction put(String key, String value, long leaseId) {
			this.keys.add(key);
			this.target.add(Op.put(seq(key), seq(value), PutOption.builder().withLeaseId(leaseId).build()));
			return this;
		}

		@Override
		public EtcdTransaction put(byte[] key, byte[] value) {
			this.keys.add(string(key));
			this.target.add(Op.put(ByteSequence.from(key), ByteSequence.from(value), PutOption.DEFAULT));
			return this;
		}

		@Override
		public EtcdTransaction delete(String key) {
			this.keys.add(key);
			this.target.add(Op.delete(seq(key), DeleteOption.DEFAULT));
			return this;
		}

		@Override
		public EtcdTransaction deletePrefix(String prefix) {
			this.keys.add(prefix);
			this.target.add(Op.delete(seq(prefix), DeleteOption.builder().isPrefix(true).build()));
			return this;
		}

		@Override
		public EtcdTransaction otherwise() {
			this.target = this.otherwise;
			return this;
		}

		@Override
		public EtcdTransactionResult commit() {
			var response = DefaultEtcdClient.this.await(DefaultEtcdClient.this.client.getKVClient()
				.txn()
				.If(this.conditions.toArray(Cmp[]::new))
				.Then(this.then.toArray(Op[]::new))
				.Else(this.otherwise.toArray(Op[]::new))
				.commit(), "transaction", describeKeys(this.keys));
			return new EtcdTransactionResult(response.isSucceeded(), response.getHeader().getRevision());
		}

		/**
		 * Name the keys of a transaction for an error: the first few, and how many more,
		 * so that a large one does not make a message of every key.
		 */
		static String describeKeys(List<String> keys) {
			int shown = 5;
			if (keys.size() <= shown) {
				return String.join(", ", keys);
			}
			return String.join(", ", keys.subList(0, shown)) + " and " + (keys.size() - shown) + " more";
		}

		private static ByteSequence seq(String value) {
			return ByteSequence.from(bytes(value));
		}

	}

}
