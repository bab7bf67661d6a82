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
 * The state of something the client keeps connected to etcd in the background: a watch, a
 * lease keep-alive, or a read retried until etcd answers.
 *
 * @author etcd-spring-boot-starter authors
 * @see EtcdSupervisedStatus
 */
public enum EtcdSupervisedState {

	/**
	 * Being set up; not yet confirmed by etcd.
	 */
	STARTING,

	/**
	 * Confirmed by etcd and delivering.
	 */
	ACTIVE,

	/**
	 * Failed and waiting to try again; nothing is delivered meanwhile.
	 */
	RETRYING,

	/**
	 * Refused by etcd for lack of permission or for wrong credentials; retried at a slow
	 * pace, since it lasts until an operator acts.
	 */
	DENIED,

	/**
	 * Stopped for good.
	 */
	CLOSED

}
