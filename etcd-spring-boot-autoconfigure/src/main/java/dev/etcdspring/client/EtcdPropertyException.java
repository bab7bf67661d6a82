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

/**
 * Thrown when a property of the starter has a value outside its allowed range. The
 * message names the property and the range, never the value.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdPropertyException extends IllegalStateException {

	private final String property;

	private final String allowed;

	/**
	 * Create a new exception.
	 * @param property the property, e.g. {@code etcd.request-timeout}
	 * @param allowed what values are allowed, e.g. {@code a positive duration}
	 */
	public EtcdPropertyException(String property, String allowed) {
		super("Invalid value of '" + property + "': it must be " + allowed);
		this.property = property;
		this.allowed = allowed;
	}

	/**
	 * Return the property whose value is invalid.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what values the property allows.
	 * @return the allowed values
	 */
	public String getAllowed() {
		return this.allowed;
	}

}
