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
import dev.etcdspring.client.EtcdRequestObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Turns every etcd request into a Micrometer {@link Observation}: a timer, and a span
 * when tracing is on, as a child of whatever observation is current on the calling thread
 * (the HTTP request that caused it, for instance).
 *
 * @author etcd-spring-boot-starter authors
 */
public class ObservationEtcdRequestObserver implements EtcdRequestObserver {

	private static final DefaultEtcdRequestObservationConvention DEFAULT_CONVENTION = new DefaultEtcdRequestObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable EtcdRequestObservationConvention convention;

	/**
	 * Create an observer.
	 * @param registry the registry
	 * @param convention a convention replacing the default, or {@code null}
	 */
	public ObservationEtcdRequestObserver(ObservationRegistry registry,
			@Nullable EtcdRequestObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public Request start(String operation) {
		if (this.registry.isNoop()) {
			return Request.NONE;
		}
		EtcdRequestObservationContext context = new EtcdRequestObservationContext(operation);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		return new Request() {

			@Override
			public void succeeded() {
				observation.stop();
			}

			@Override
			public void failed(EtcdException error) {
				context.setFailure(error);
				observation.error(error);
				observation.stop();
			}

		};
	}

}
