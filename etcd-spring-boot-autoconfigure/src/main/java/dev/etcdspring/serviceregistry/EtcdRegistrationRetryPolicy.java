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

package dev.etcdspring.serviceregistry;

import dev.etcdspring.client.EtcdAuthenticationException;
import dev.etcdspring.client.EtcdPermissionDeniedException;
import dev.etcdspring.client.EtcdRetryPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The one place that decides what a failed registration attempt leads to: which kind of
 * failure it is, how long to wait before the next attempt, and whether it starts a new
 * streak of failures (worth a WARN) or continues one (worth a DEBUG line). Not thread
 * safe: used on the registry's executor thread only.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdRegistrationRetryPolicy {

	private final EtcdRetryPolicy policy;

	private @Nullable Cause cause;

	private @Nullable BackOffExecution execution;

	private int failures;

	/**
	 * Create a policy for one registration.
	 * @param policy the client's retry policy ({@code etcd.retry.*})
	 */
	EtcdRegistrationRetryPolicy(EtcdRetryPolicy policy) {
		this.policy = policy;
	}

	/**
	 * Record a failed attempt.
	 * @param failure what the attempt threw
	 * @return when to try again, and how to report it
	 */
	Retry failed(RuntimeException failure) {
		Cause current = causeOf(failure);
		boolean newStreak = current != this.cause || this.execution == null;
		if (newStreak) {
			this.cause = current;
			this.execution = backOff(current);
		}
		this.failures++;
		return new Retry(current, this.execution.nextBackOff(), newStreak, this.failures);
	}

	/**
	 * Record a successful attempt, which ends any streak of failures.
	 * @return how many attempts failed before this one
	 */
	int succeeded() {
		int failed = this.failures;
		this.failures = 0;
		this.cause = null;
		this.execution = null;
		return failed;
	}

	/**
	 * Return how many attempts failed in a row.
	 * @return the count, 0 after a success
	 */
	int failures() {
		return this.failures;
	}

	static Cause causeOf(Throwable failure) {
		if (!(failure instanceof EtcdAuthenticationException)) {
			return Cause.UNAVAILABLE;
		}
		return isPermissionDenied(failure) ? Cause.PERMISSION_DENIED : Cause.CREDENTIALS_REJECTED;
	}

	/**
	 * Whether etcd refused the request for lack of a permission, as opposed to rejecting
	 * the credentials. The client reports both as an {@link EtcdAuthenticationException};
	 * until it has a type of its own for a missing permission, only the message tells
	 * them apart (etcd's "etcdserver: permission denied", gRPC's PERMISSION_DENIED).
	 * Detection by message, kept to this method: replace it with an {@code instanceof}
	 * check once the client throws a permission-denied exception of its own.
	 */
	private static boolean isPermissionDenied(Throwable failure) {
		return failure instanceof EtcdPermissionDeniedException;
	}

	/**
	 * The client's back-off for an unreachable etcd; its slow, fixed interval for a
	 * refusal, which only an operator fixes and which costs etcd an authentication at
	 * every attempt.
	 */
	private BackOffExecution backOff(Cause cause) {
		if (cause == Cause.UNAVAILABLE) {
			return this.policy.start();
		}
		return new FixedBackOff(this.policy.deniedInterval().toMillis()).start();
	}

	/**
	 * What kind of failure an attempt ran into.
	 */
	enum Cause {

		/**
		 * etcd did not answer in time, or could not serve the request now.
		 */
		UNAVAILABLE,

		/**
		 * The user may not write the registration key.
		 */
		PERMISSION_DENIED,

		/**
		 * etcd rejected the credentials, or requires some.
		 */
		CREDENTIALS_REJECTED;

		boolean isDenied() {
			return this != UNAVAILABLE;
		}

	}

	/**
	 * The decision taken for one failed attempt.
	 *
	 * @param cause the kind of failure
	 * @param delayMillis how long to wait before the next attempt
	 * @param newStreak whether the failure is the first of its kind in a row
	 * @param failures how many attempts failed in a row, this one included
	 */
	record Retry(Cause cause, long delayMillis, boolean newStreak, int failures) {

	}

}
