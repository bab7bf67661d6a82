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

package dev.etcdspring.config;

import dev.etcdspring.client.EtcdAuthenticationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because etcd could not be reached for an {@code etcd:}
 * import.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdConfigFailureAnalyzer extends AbstractFailureAnalyzer<EtcdConfigLoadException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EtcdConfigLoadException cause) {
		String description = "Configuration could not be loaded from etcd for spring.config.import '"
				+ cause.getLocation() + "' (context '" + cause.getContext() + "').\n\nEndpoints tried: "
				+ String.join(", ", cause.getEndpoints()) + "\nAttempts: " + cause.getAttempts() + "\nLast error: "
				+ ((cause.getCause() != null) ? cause.getCause().getMessage() : "unknown");
		if (cause.getCause() instanceof EtcdAuthenticationException) {
			String action = "Check the credentials (properties etcd.username and etcd.password) and that the user may"
					+ " read '" + cause.getContext() + "' at " + String.join(", ", cause.getEndpoints()) + ".";
			return new FailureAnalysis(description, action, cause);
		}
		String action = "Check that etcd is running and reachable at " + String.join(", ", cause.getEndpoints())
				+ " (property etcd.endpoints), or import it as 'optional:" + cause.getLocation()
				+ "' (or set etcd.config.fail-fast=false) to start on local configuration and apply etcd's"
				+ " once it is reachable.";
		return new FailureAnalysis(description, action, cause);
	}

}
