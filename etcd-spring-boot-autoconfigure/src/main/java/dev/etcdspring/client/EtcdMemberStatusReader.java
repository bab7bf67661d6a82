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

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Maintenance;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Asks etcd's {@code Maintenance/Status} (leader, version, raft term) over the jetcd
 * client's own gRPC channel, so it reaches etcd exactly as every other call does.
 * <p>
 * jetcd's {@link Maintenance#statusMember(String)} dials a given URL on a new channel.
 * The URLs a member advertises ({@code MemberList}) are often not reachable from the
 * application ({@code http://etcd:2379} in Docker Compose or Kubernetes, a member behind
 * a proxy), and a channel per call costs a connection (and a TLS handshake) per health
 * probe. jetcd 0.8 has no public way to call {@code Status} on its channel, so the
 * channel is taken from the maintenance client's stub. Where that is not possible (a
 * {@link Client} that is not jetcd's, a jetcd version that changed its internals) the
 * reader falls back to {@code statusMember} on the configured endpoints, one after the
 * other, never on an advertised URL.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdMemberStatusReader {

	private static final Log logger = LogFactory.getLog(EtcdMemberStatusReader.class);

	private static final @Nullable Field MAINTENANCE_STUB = maintenanceStubField();

	private static volatile boolean fallbackLogged;

	private EtcdMemberStatusReader() {
	}

	/**
	 * Return the client's own channel, if it can be reached.
	 * @param client the jetcd client
	 * @return its channel or {@code null}
	 */
	static @Nullable Channel channelOf(Client client) {
		Field field = MAINTENANCE_STUB;
		if (field == null) {
			return null;
		}
		try {
			Maintenance maintenance = client.getMaintenanceClient();
			if (!field.getDeclaringClass().isInstance(maintenance)) {
				return null;
			}
			return (field.get(maintenance) instanceof AbstractStub<?> stub) ? stub.getChannel() : null;
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Ask for the status of the member that answers on the client's channel, or of the
	 * first configured endpoint that answers.
	 * @param client the jetcd client
	 * @param endpoints the configured endpoints, for the fallback and for messages
	 * @param timeout the time left for the call
	 * @return the status
	 * @throws EtcdException if no member answers within the timeout
	 */
	static StatusResponse status(Client client, List<String> endpoints, Duration timeout) {
		EtcdErrors errors = new EtcdErrors(endpoints, timeout);
		Channel channel = channelOf(client);
		if (channel != null) {
			return errors.await(status(channel, timeout), "status", null);
		}
		logFallbackOnce();
		long deadline = System.nanoTime() + timeout.toNanos();
		EtcdException last = null;
		for (String endpoint : endpoints) {
			Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
			if (remaining.isNegative() || remaining.isZero()) {
				break;
			}
			try {
				return new EtcdErrors(endpoints, remaining).await(client.getMaintenanceClient().statusMember(endpoint),
						"status", null);
			}
			catch (EtcdException ex) {
				last = ex;
			}
		}
		throw (last != null) ? last : new EtcdTimeoutException(
				"etcd status got no answer within " + timeout + " (etcd.request-timeout)" + errors.endpointsSuffix(),
				null);
	}

	private static CompletableFuture<StatusResponse> status(Channel channel, Duration timeout) {
		CompletableFuture<StatusResponse> result = new CompletableFuture<>();
		// No call credentials: etcd answers Status without authentication, and a token
		// that expired must not turn health DOWN (jetcd refreshes tokens only on its own
		// calls).
		CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
		ClientCalls.asyncUnaryCall(channel.newCall(MaintenanceGrpc.getStatusMethod(), options),
				StatusRequest.getDefaultInstance(), new StreamObserver<>() {

					@Override
					public void onNext(io.etcd.jetcd.api.StatusResponse value) {
						result.complete(new StatusResponse(value));
					}

					@Override
					public void onError(Throwable error) {
						result.completeExceptionally(error);
					}

					@Override
					public void onCompleted() {
						if (!result.isDone()) {
							result.completeExceptionally(new IllegalStateException("etcd sent no status"));
						}
					}

				});
		return result;
	}

	private static void logFallbackOnce() {
		if (!fallbackLogged) {
			fallbackLogged = true;
			logger.info("The etcd client's channel is not accessible; asking the status of the configured endpoints "
					+ "on a separate connection per call");
		}
	}

	private static @Nullable Field maintenanceStubField() {
		try {
			Class<?> type = Class.forName("io.etcd.jetcd.impl.MaintenanceImpl", false, Client.class.getClassLoader());
			Field field = type.getDeclaredField("stub");
			if (!AbstractStub.class.isAssignableFrom(field.getType())) {
				return null;
			}
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			return null;
		}
	}

}
