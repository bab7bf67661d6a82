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
 * An attempt retried in the background until it succeeds, such as the first read of
 * something etcd did not answer at startup.
 *
 * @author etcd-spring-boot-starter authors
 * @see EtcdClient#retryInBackground(String, Runnable, Throwable)
 */
public interface EtcdBackgroundTask extends AutoCloseable {

	/**
	 * Return the task's state: starting, retrying or denied while it has not succeeded.
	 * @return the status
	 */
	EtcdSupervisedStatus status();

	/**
	 * Return whether an attempt has succeeded.
	 * @return whether the task is done
	 */
	boolean isDone();

	/**
	 * Stop retrying. An attempt already running completes.
	 */
	@Override
	void close();

}
