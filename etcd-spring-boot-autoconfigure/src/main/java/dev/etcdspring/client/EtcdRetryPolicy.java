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

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one retry policy of everything the starter keeps connected to etcd, from
 * {@code etcd.retry.*}: an exponential back-off (Spring Framework's
 * {@link ExponentialBackOff}, with jitter) for failures that pass by themselves, such as
 * an unreachable etcd, and a fixed, slow interval for refusals (a missing permission,
 * rejected credentials), which last until an operator acts.
 *
 * @author etcd-spring-boot-starter authors
 * @see EtcdClient#retryPolicy()
 */
public final class EtcdRetryPolicy {

	private final EtcdProperties.Retry retry;

	/**
	 * Create a policy.
	 * @param retry the {@code etcd.retry.*} settings
	 */
	public EtcdRetryPolicy(EtcdProperties.Retry retry) {
		this.retry = retry;
	}

	/**
	 * Start a back-off for one streak of consecutive failures.
	 * @return the waits between the attempts of that streak
	 */
	public BackOffExecution start() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.retry.getInitialInterval().toMillis(),
				this.retry.getMultiplier());
		backOff.setMaxInterval(this.retry.getMaxInterval().toMillis());
		backOff.setJitter(this.retry.getJitter().toMillis());
		return backOff.start();
	}

	/**
	 * Return how long to wait after a failure, given the back-off of its streak.
	 * @param failure the failure
	 * @param streak the back-off of the current streak of failures
	 * @return the wait
	 */
	public Duration delayAfter(Throwable failure, BackOffExecution streak) {
		return isRefusal(failure) ? this.retry.getDeniedInterval() : Duration.ofMillis(streak.nextBackOff());
	}

	/**
	 * Return whether a failure is a refusal by etcd (a missing permission or rejected
	 * credentials), retried at {@code etcd.retry.denied-interval}.
	 * @param failure the failure
	 * @return whether it is a refusal
	 */
	public static boolean isRefusal(Throwable failure) {
		return failure instanceof EtcdAuthenticationException;
	}

	/**
	 * Return the wait between retries of a refusal.
	 * @return {@code etcd.retry.denied-interval}
	 */
	public Duration deniedInterval() {
		return this.retry.getDeniedInterval();
	}

}
