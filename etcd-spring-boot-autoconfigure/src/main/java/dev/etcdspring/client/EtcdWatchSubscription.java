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
 * A running watch. It re-creates its stream after disconnects, leader loss and
 * compaction, until closed.
 *
 * @author etcd-spring-boot-starter authors
 */
public interface EtcdWatchSubscription extends AutoCloseable {

	/**
	 * Return the revision of the last event delivered to the listener, or the revision
	 * before the start revision when none was delivered yet.
	 * @return the last delivered revision
	 */
	long lastRevision();

	/**
	 * Return whether the subscription is delivering: etcd confirmed the watch and it is
	 * neither retrying, refused nor closed.
	 * @return whether the subscription is {@link EtcdSupervisedState#ACTIVE}
	 */
	boolean isActive();

	/**
	 * Return the subscription's state, failures and last delivered revision.
	 * @return the status
	 */
	EtcdSupervisedStatus status();

	/**
	 * Stop the watch. No callback starts after this returns.
	 */
	@Override
	void close();

}
