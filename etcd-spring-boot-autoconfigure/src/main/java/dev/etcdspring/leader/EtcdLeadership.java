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

package dev.etcdspring.leader;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.leader.Context;

/**
 * The application's leader elections in etcd: one {@link EtcdLeaderInitiator} per Spring
 * Integration {@code Candidate}, started and stopped with the application context. Also
 * the place to ask whether this instance leads a role, for work that only the leader
 * does:
 *
 * <pre class="code">
 * &#64;Scheduled(fixedDelay = 60_000)
 * void purge() {
 *     if (leadership.isLeader("purge")) {
 *         ...
 *     }
 * }
 * </pre>
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLeadership implements SmartLifecycle, DisposableBean, ApplicationListener<AvailabilityChangeEvent<?>> {

	private final List<EtcdLeaderInitiator> initiators;

	private final boolean followReadiness;

	private volatile boolean running;

	private volatile boolean ready;

	/**
	 * Create an instance whose candidates campaign while it runs.
	 * @param initiators the initiators, one per candidate
	 */
	public EtcdLeadership(List<EtcdLeaderInitiator> initiators) {
		this(initiators, false);
	}

	/**
	 * Create a new instance.
	 * @param initiators the initiators, one per candidate
	 * @param followReadiness whether candidates campaign only while the application's
	 * readiness state is {@link ReadinessState#ACCEPTING_TRAFFIC}: they resign when it
	 * turns {@link ReadinessState#REFUSING_TRAFFIC} and campaign again when it accepts
	 * traffic again
	 */
	public EtcdLeadership(List<EtcdLeaderInitiator> initiators, boolean followReadiness) {
		this.initiators = List.copyOf(initiators);
		this.followReadiness = followReadiness;
		this.ready = !followReadiness;
	}

	/**
	 * Return whether a candidate of this application leads a role now.
	 * @param role the role
	 * @return whether this application leads the role
	 */
	public boolean isLeader(String role) {
		for (EtcdLeaderInitiator initiator : this.initiators) {
			if (initiator.getRole().equals(role) && initiator.isLeader()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the context of the first candidate for a role: whether it leads, and a way
	 * to yield.
	 * @param role the role
	 * @return the context, empty if no candidate of this application campaigns for the
	 * role
	 */
	public Optional<Context> getContext(String role) {
		return this.initiators.stream()
			.filter((initiator) -> initiator.getRole().equals(role))
			.findFirst()
			.map(EtcdLeaderInitiator::getContext);
	}

	/**
	 * Return the initiators, one per candidate.
	 * @return the initiators
	 */
	public List<EtcdLeaderInitiator> getInitiators() {
		return this.initiators;
	}

	/**
	 * Return whether candidates campaign only while the application accepts traffic.
	 * @return whether leadership follows the readiness state
	 */
	public boolean isFollowReadiness() {
		return this.followReadiness;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		if (this.ready) {
			this.initiators.forEach(EtcdLeaderInitiator::start);
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.initiators.forEach(EtcdLeaderInitiator::stop);
	}

	@Override
	public synchronized void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (!this.followReadiness || !(event.getState() instanceof ReadinessState state)) {
			return;
		}
		this.ready = state == ReadinessState.ACCEPTING_TRAFFIC;
		if (!this.running) {
			return;
		}
		if (this.ready) {
			this.initiators.forEach(EtcdLeaderInitiator::start);
		}
		else {
			this.initiators.forEach(EtcdLeaderInitiator::stop);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return EtcdLeaderInitiator.DEFAULT_PHASE;
	}

	@Override
	public void destroy() {
		this.initiators.forEach(EtcdLeaderInitiator::destroy);
	}

}
