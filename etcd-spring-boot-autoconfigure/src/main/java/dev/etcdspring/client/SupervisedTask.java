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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * Runs an attempt on the callback pool until it completes without throwing, waiting
 * between attempts as {@code etcd.retry.*} says. Anything thrown, an {@link Error}
 * included, counts as a failed attempt: the task goes on and says so.
 *
 * @author etcd-spring-boot-starter authors
 */
final class SupervisedTask implements EtcdBackgroundTask, Supervision.Part {

	private static final Log logger = LogFactory.getLog(EtcdBackgroundTask.class);

	private final Supervision supervision;

	private final Runnable attempt;

	private final SupervisionState state;

	private final BackOffExecution backOff;

	private volatile boolean done;

	private volatile boolean closed;

	SupervisedTask(Supervision supervision, String name, Runnable attempt) {
		this.supervision = supervision;
		this.attempt = attempt;
		this.state = new SupervisionState(name, logger, supervision.clock());
		this.backOff = supervision.backOff();
	}

	void start(@Nullable Throwable firstFailure) {
		this.supervision.register(this);
		if (firstFailure != null) {
			retryAfter(firstFailure);
		}
		else {
			this.supervision.execute(this::run);
		}
	}

	private void run() {
		if (this.closed || this.done) {
			return;
		}
		try {
			this.attempt.run();
		}
		catch (Throwable ex) {
			retryAfter(ex);
			return;
		}
		this.done = true;
		this.state.active();
		this.supervision.unregister(this);
	}

	private void retryAfter(Throwable failure) {
		if (this.closed) {
			return;
		}
		Duration delay = this.supervision.retryPolicy().delayAfter(failure, this.backOff);
		this.state.failed(failure, delay);
		if (!this.supervision.schedule(this::run, delay)) {
			close();
		}
	}

	@Override
	public EtcdSupervisedStatus status() {
		return this.state.status(0);
	}

	@Override
	public boolean isDone() {
		return this.done;
	}

	@Override
	public void close() {
		this.closed = true;
		this.state.closed();
		this.supervision.unregister(this);
	}

	@Override
	public String toString() {
		return this.state.name();
	}

}
