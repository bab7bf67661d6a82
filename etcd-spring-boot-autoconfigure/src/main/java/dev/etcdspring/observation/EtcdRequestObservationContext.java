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

package dev.etcdspring.observation;

import dev.etcdspring.client.EtcdException;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one etcd request: the operation and, once it ended,
 * the failure. It holds no key and no value.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdRequestObservationContext extends Observation.Context {

	private final String operation;

	private @Nullable EtcdException failure;

	/**
	 * Create a context.
	 * @param operation the operation, e.g. {@code get}
	 */
	public EtcdRequestObservationContext(String operation) {
		this.operation = operation;
	}

	/**
	 * Return the operation.
	 * @return the operation, e.g. {@code get}, {@code put}, {@code txn}
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * Return the failure, if the request failed.
	 * @return the failure or {@code null}
	 */
	public @Nullable EtcdException getFailure() {
		return this.failure;
	}

	void setFailure(EtcdException failure) {
		this.failure = failure;
	}

}
