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

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one lease alive and turns jetcd's signals into {@link EtcdKeepAliveListener}
 * calls: jetcd completes the observer (rather than failing it) when a lease was dropped
 * for lack of an answer, and reports a gone lease as a TTL of zero or less; both mean the
 * lease is lost.
 *
 * @author etcd-spring-boot-starter authors
 */
final class LeaseKeepAlive implements AutoCloseable, StreamObserver<LeaseKeepAliveResponse>, Supervision.Part {

	private static final Log logger = LogFactory.getLog(LeaseKeepAlive.class);

	private final long leaseId;

	private final EtcdKeepAliveListener listener;

	private final Executor delivery;

	private final EtcdErrors errors;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final Supervision supervision;

	private final SupervisionState state;

	private volatile @Nullable CloseableClient keepAlive;

	LeaseKeepAlive(long leaseId, EtcdKeepAliveListener listener, Supervision supervision, EtcdErrors errors) {
		this.leaseId = leaseId;
		this.listener = listener;
		this.supervision = supervision;
		this.delivery = supervision.serialExecutor(null);
		this.errors = errors;
		this.state = new SupervisionState(toString(), logger, supervision.clock());
	}

	void start(Lease lease) {
		this.supervision.register(this);
		this.keepAlive = lease.keepAlive(this.leaseId, this);
	}

	@Override
	public EtcdSupervisedStatus status() {
		return this.state.status(0);
	}

	@Override
	public void onNext(LeaseKeepAliveResponse response) {
		if (response.getTTL() <= 0) {
			lost();
			return;
		}
		Duration ttl = Duration.ofSeconds(response.getTTL());
		this.state.active();
		this.delivery.execute(() -> {
			if (!this.ended.get()) {
				this.listener.onKeepAlive(this.leaseId, ttl);
			}
		});
	}

	@Override
	public void onError(Throwable error) {
		if (isLeaseNotFound(error)) {
			// jetcd's signal for a keep-alive answered with TTL 0: the lease is gone and
			// jetcd has stopped keeping it alive.
			lost();
			return;
		}
		EtcdException translated = this.errors.translate("lease keep-alive", null, error);
		// jetcd restarts the stream by itself while the lease lives.
		this.state.failed(translated, null);
		this.delivery.execute(() -> {
			if (!this.ended.get()) {
				this.listener.onError(this.leaseId, translated);
			}
		});
	}

	private static boolean isLeaseNotFound(Throwable error) {
		if (error instanceof io.etcd.jetcd.common.exception.EtcdException etcdException
				&& etcdException.getErrorCode() == ErrorCode.NOT_FOUND) {
			return true;
		}
		return error.getMessage() != null && error.getMessage().contains("requested lease not found");
	}

	@Override
	public void onCompleted() {
		lost();
	}

	private void lost() {
		if (this.ended.compareAndSet(false, true)) {
			logger.warn(this + " stopped: etcd no longer keeps the lease alive (expired or revoked)");
			this.state.closed();
			this.supervision.unregister(this);
			this.delivery.execute(() -> {
				stop();
				this.listener.onLost(this.leaseId);
			});
		}
	}

	@Override
	public void close() {
		this.ended.set(true);
		this.state.closed();
		this.supervision.unregister(this);
		stop();
	}

	private void stop() {
		CloseableClient client = this.keepAlive;
		if (client != null) {
			client.close();
		}
	}

	@Override
	public String toString() {
		return "keep-alive of lease " + Long.toHexString(this.leaseId);
	}

}
