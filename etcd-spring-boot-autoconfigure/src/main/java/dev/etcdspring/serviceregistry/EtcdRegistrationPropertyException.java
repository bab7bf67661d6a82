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

/**
 * Thrown at startup when a registration property has a value the starter cannot use.
 * Names the property, what is wrong and the allowed range, never the value itself.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdRegistrationPropertyException extends IllegalArgumentException {

	private final String property;

	private final String problem;

	private final String allowed;

	/**
	 * Create a new exception.
	 * @param property the name of the property
	 * @param problem what is wrong with its value, without the value
	 * @param allowed the values that are allowed
	 */
	EtcdRegistrationPropertyException(String property, String problem, String allowed) {
		super("Invalid " + property + ": " + problem + "; allowed: " + allowed);
		this.property = property;
		this.problem = problem;
		this.allowed = allowed;
	}

	String getProperty() {
		return this.property;
	}

	String getProblem() {
		return this.problem;
	}

	String getAllowed() {
		return this.allowed;
	}

}
