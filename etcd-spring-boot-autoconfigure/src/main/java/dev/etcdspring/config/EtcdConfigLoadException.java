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

import java.util.List;

/**
 * Configuration could not be read from etcd during startup, after the configured retries.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigLoadException extends RuntimeException {

	private final List<String> endpoints;

	private final String location;

	private final String context;

	private final int attempts;

	/**
	 * Create a new instance.
	 * @param endpoints the endpoints tried
	 * @param location the {@code etcd:} location being imported
	 * @param context the context being read
	 * @param attempts the number of attempts made
	 * @param cause the last failure
	 */
	public EtcdConfigLoadException(List<String> endpoints, String location, String context, int attempts,
			Throwable cause) {
		super("Could not load configuration context '" + context + "' of '" + location + "' from etcd at " + endpoints
				+ " after " + attempts + " attempt(s): " + cause.getMessage(), cause);
		this.endpoints = List.copyOf(endpoints);
		this.location = location;
		this.context = context;
		this.attempts = attempts;
	}

	/**
	 * Return the endpoints tried.
	 * @return the endpoints
	 */
	public List<String> getEndpoints() {
		return this.endpoints;
	}

	/**
	 * Return the location being imported.
	 * @return the location
	 */
	public String getLocation() {
		return this.location;
	}

	/**
	 * Return the context being read.
	 * @return the context path
	 */
	public String getContext() {
		return this.context;
	}

	/**
	 * Return the number of attempts made.
	 * @return the attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

}
