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

package dev.etcdspring.test;

import java.io.IOException;
import java.time.Duration;

/**
 * One etcd member as the operating system (or Docker) runs it. It can be started again
 * after a stop, keeping its data.
 *
 * @author etcd-spring-boot-starter authors
 */
interface EtcdMemberProcess {

	/**
	 * Start the member, or start it again after {@link #stop(Duration)}. Does not wait
	 * for it to serve.
	 * @throws IOException if it could not be launched
	 */
	void start() throws IOException;

	/**
	 * Return whether the member is running.
	 * @return whether it runs
	 */
	boolean isAlive();

	/**
	 * Describe how the member ended, for failure messages.
	 * @return a short description such as {@code exited with code 1}
	 */
	String exitDescription();

	/**
	 * Stop the member gracefully (SIGTERM), killing it if it does not stop in time. Does
	 * nothing if it is not running.
	 * @param timeout how long to wait for a graceful stop
	 */
	void stop(Duration timeout);

	/**
	 * Stop the member and release whatever holds it (a container, for example).
	 */
	void destroy();

	/**
	 * Return the operating system's id of the running member process, if it has one.
	 */
	default java.util.OptionalLong pid() {
		return java.util.OptionalLong.empty();
	}

}
