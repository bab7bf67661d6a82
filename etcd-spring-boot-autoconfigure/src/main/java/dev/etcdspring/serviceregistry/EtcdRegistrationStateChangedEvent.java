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

import org.springframework.context.ApplicationEvent;

/**
 * Published when a registration's lease moves from one state to another.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdRegistrationStateChangedEvent extends ApplicationEvent {

	private final EtcdRegistrationState previousState;

	private final EtcdRegistrationState state;

	private final long leaseId;

	/**
	 * Create a new instance.
	 * @param registration the registration
	 * @param previousState the state before
	 * @param state the state now
	 * @param leaseId the lease the registration uses now, {@code 0} when none
	 */
	public EtcdRegistrationStateChangedEvent(EtcdRegistration registration, EtcdRegistrationState previousState,
			EtcdRegistrationState state, long leaseId) {
		super(registration);
		this.previousState = previousState;
		this.state = state;
		this.leaseId = leaseId;
	}

	/**
	 * Return the registration.
	 * @return the registration
	 */
	public EtcdRegistration getRegistration() {
		return (EtcdRegistration) getSource();
	}

	/**
	 * Return the state before the change.
	 * @return the previous state
	 */
	public EtcdRegistrationState getPreviousState() {
		return this.previousState;
	}

	/**
	 * Return the state after the change.
	 * @return the state
	 */
	public EtcdRegistrationState getState() {
		return this.state;
	}

	/**
	 * Return the lease the registration uses after the change.
	 * @return the lease id, {@code 0} when none
	 */
	public long getLeaseId() {
		return this.leaseId;
	}

	@Override
	public String toString() {
		return getRegistration().getKey() + ": " + this.previousState + " -> " + this.state + " (lease "
				+ Long.toHexString(this.leaseId) + ")";
	}

}
