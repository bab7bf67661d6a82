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
import io.micrometer.common.KeyValues;

/**
 * The default convention of etcd requests: name {@code etcd.client.requests}, contextual
 * name {@code etcd <operation>}, and three low-cardinality tags: {@code etcd.operation},
 * {@code outcome} ({@code SUCCESS} or {@code ERROR}) and {@code error.type} (the
 * exception's simple name, or {@code none}). Never the key, never a value.
 *
 * @author etcd-spring-boot-starter authors
 */
public class DefaultEtcdRequestObservationConvention implements EtcdRequestObservationConvention {

	/**
	 * The name of the observation, and so of the timer.
	 */
	public static final String NAME = "etcd.client.requests";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(EtcdRequestObservationContext context) {
		return "etcd " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(EtcdRequestObservationContext context) {
		EtcdException failure = context.getFailure();
		return KeyValues.of("etcd.operation", context.getOperation(), "outcome",
				(failure != null) ? "ERROR" : "SUCCESS", "error.type",
				(failure != null) ? failure.getClass().getSimpleName() : "none");
	}

}
