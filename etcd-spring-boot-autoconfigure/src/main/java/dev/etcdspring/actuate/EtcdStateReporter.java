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

package dev.etcdspring.actuate;

/**
 * A part of the starter that reports its state to the {@code etcd} actuator endpoint:
 * configuration contexts and refresh history, registration, discovery cache, watches.
 * Beans of this type are collected by the endpoint, one section each.
 *
 * @author etcd-spring-boot-starter authors
 */
public interface EtcdStateReporter {

	/**
	 * Return the name of the section this reporter fills, e.g. {@code config} or
	 * {@code registration}.
	 * @return the section name
	 */
	String section();

	/**
	 * Return a snapshot of the state, made of maps, lists, strings, numbers and booleans
	 * (serializable as JSON). Never include secrets.
	 * @return the state
	 */
	Object report();

}
