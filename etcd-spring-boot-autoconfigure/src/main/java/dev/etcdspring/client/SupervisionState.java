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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * The state of one supervised part and the one place that decides what its failures log:
 * a WARN when a failure starts or turns into another kind of failure (etcd unreachable,
 * then credentials rejected), at most one WARN a minute while it lasts, and an INFO when
 * the part recovers. Callers report what happened; this class never throws.
 *
 * @author etcd-spring-boot-starter authors
 */
final class SupervisionState {

	static final Duration REPEAT_WARNING = Duration.ofMinutes(1);

	private final String name;

	private final Log logger;

	private final Clock clock;

	private EtcdSupervisedState state = EtcdSupervisedState.STARTING;

	private Instant since;

	private Instant failingSince;

	private int consecutiveFailures;

	private @Nullable String lastError;

	/** What kind of failure the current streak last saw, see {@link #kind(Throwable)}. */
	private @Nullable String lastKind;

	private Instant lastWarning = Instant.MIN;

	private long overflows;

	private Instant lastOverflowWarning = Instant.MIN;

	SupervisionState(String name, Log logger, Clock clock) {
		this.name = name;
		this.logger = logger;
		this.clock = clock;
		this.since = clock.instant();
		this.failingSince = this.since;
	}

	String name() {
		return this.name;
	}

	synchronized EtcdSupervisedState state() {
		return this.state;
	}

	synchronized void starting() {
		if (this.state == EtcdSupervisedState.CLOSED || this.state == EtcdSupervisedState.STARTING) {
			return;
		}
		if (this.consecutiveFailures == 0) {
			enter(EtcdSupervisedState.STARTING);
		}
	}

	synchronized void active() {
		if (this.state == EtcdSupervisedState.CLOSED || this.state == EtcdSupervisedState.ACTIVE) {
			return;
		}
		if (this.consecutiveFailures > 0) {
			this.logger.info(this.name + " recovered after " + this.consecutiveFailures + " failed attempt"
					+ ((this.consecutiveFailures != 1) ? "s" : "") + " (failing since " + this.failingSince + ")");
		}
		this.consecutiveFailures = 0;
		enter(EtcdSupervisedState.ACTIVE);
	}

	/**
	 * Record a failure.
	 * @param error the failure
	 * @param retryIn when the next attempt is made, or {@code null} when the part cannot
	 * tell
	 * @return whether the failure is a refusal (permission or credentials)
	 */
	synchronized boolean failed(Throwable error, @Nullable Duration retryIn) {
		if (this.state == EtcdSupervisedState.CLOSED) {
			return false;
		}
		boolean denied = error instanceof EtcdAuthenticationException;
		String message = describe(error);
		Instant now = this.clock.instant();
		boolean starts = this.consecutiveFailures == 0;
		if (starts) {
			this.failingSince = now;
		}
		// A streak that started as "unreachable" and goes on as "credentials rejected" or
		// "malformed document" is a new problem, with a new remedy: it gets its WARN.
		String kind = kind(error);
		boolean changes = !starts && !kind.equals(this.lastKind);
		this.lastKind = kind;
		this.consecutiveFailures++;
		this.lastError = message;
		enter(denied ? EtcdSupervisedState.DENIED : EtcdSupervisedState.RETRYING);
		String retry = (retryIn != null) ? "; retrying in " + retryIn.toMillis() + " ms" : "; retrying";
		if (starts || changes) {
			this.lastWarning = now;
			if (error instanceof Error) {
				this.logger.error(this.name + " failed: " + message + retry, error);
			}
			else if (!(error instanceof EtcdException)) {
				this.logger.warn(this.name + " failed: " + message + retry, error);
			}
			else {
				this.logger.warn(this.name + (denied ? " was refused by etcd: " : " failed: ") + message + retry);
			}
		}
		else if (Duration.between(this.lastWarning, now).compareTo(REPEAT_WARNING) >= 0) {
			this.lastWarning = now;
			this.logger.warn(this.name + " is still failing after " + this.consecutiveFailures + " attempts since "
					+ this.failingSince + ": " + message + retry);
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(this.name + " failed again (" + this.consecutiveFailures + "): " + message + retry);
		}
		return denied;
	}

	synchronized void overflowed(String reason) {
		this.overflows++;
		Instant now = this.clock.instant();
		if (Duration.between(this.lastOverflowWarning, now).compareTo(REPEAT_WARNING) >= 0) {
			this.lastOverflowWarning = now;
			this.logger.warn(this.name + ": " + reason + " (" + this.overflows + " time"
					+ ((this.overflows != 1) ? "s" : "") + " so far)");
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(this.name + ": " + reason);
		}
	}

	synchronized void closed() {
		enter(EtcdSupervisedState.CLOSED);
	}

	synchronized EtcdSupervisedStatus status(long lastRevision) {
		return new EtcdSupervisedStatus(this.name, this.state, this.since, this.consecutiveFailures, this.lastError,
				lastRevision, this.overflows);
	}

	private void enter(EtcdSupervisedState next) {
		if (this.state != next) {
			this.state = next;
			this.since = this.clock.instant();
		}
	}

	/**
	 * The kind of a failure: an unreachable etcd (a refused connection or a timeout,
	 * which alternate while etcd is down), or else the failure's type.
	 */
	private static String kind(Throwable error) {
		if (error instanceof EtcdConnectionException || error instanceof EtcdTimeoutException) {
			return "unreachable";
		}
		return error.getClass().getName();
	}

	private static String describe(Throwable error) {
		if (error instanceof EtcdException) {
			return String.valueOf(error.getMessage());
		}
		// Not an etcd failure: a listener or parser threw. Its message may hold data, so
		// only its type is kept for display; the log line above has the stack trace.
		return error.getClass().getName();
	}

}
