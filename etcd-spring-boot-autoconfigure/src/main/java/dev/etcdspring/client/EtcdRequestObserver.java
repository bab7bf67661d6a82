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
 * Told of every request an {@link EtcdClient} sends to etcd (get, put, delete,
 * transaction, lease grant, revoke and time-to-live, compaction, and the read that pins a
 * watch's start), for metrics and tracing. It sees the operation, never the key or a
 * value.
 *
 * @author etcd-spring-boot-starter authors
 * @see DefaultEtcdClient#setRequestObserver(EtcdRequestObserver)
 */
public interface EtcdRequestObserver {

	/**
	 * An observer that does nothing.
	 */
	EtcdRequestObserver NONE = (operation) -> Request.NONE;

	/**
	 * Called when a request starts, on the calling thread.
	 * @param operation the operation, e.g. {@code get}, {@code put}, {@code txn},
	 * {@code lease-grant}
	 * @return the request, told how it ends
	 */
	Request start(String operation);

	/**
	 * One request in progress.
	 */
	interface Request {

		/**
		 * A request that does nothing.
		 */
		Request NONE = new Request() {

			@Override
			public void succeeded() {
			}

			@Override
			public void failed(EtcdException error) {
			}

		};

		/**
		 * The request got its answer.
		 */
		void succeeded();

		/**
		 * The request failed.
		 * @param error the failure
		 */
		void failed(EtcdException error);

	}

}
