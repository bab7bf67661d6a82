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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Safety net that releases whatever the harness started (etcd processes, containers,
 * temporary directories) when the JVM exits, even if a test forgot to close it or the run
 * was interrupted.
 *
 * @author etcd-spring-boot-starter authors
 */
final class HarnessCleanup {

	private static final Map<Object, Runnable> actions = new LinkedHashMap<>();

	private static boolean hookInstalled;

	private HarnessCleanup() {
	}

	/**
	 * Run {@code action} at JVM exit unless {@link #unregister(Object)} is called for
	 * {@code owner} first.
	 * @param owner the object the action cleans up
	 * @param action the clean-up action
	 */
	static synchronized void register(Object owner, Runnable action) {
		if (!hookInstalled) {
			try {
				Runtime.getRuntime().addShutdownHook(new Thread(HarnessCleanup::runAll, "etcd-harness-cleanup"));
				hookInstalled = true;
			}
			catch (IllegalStateException ex) {
				// The JVM is already shutting down: nothing can be scheduled any more.
			}
		}
		actions.put(owner, action);
	}

	/**
	 * Forget the action registered for {@code owner}, typically because it was closed.
	 * @param owner the owner given to {@link #register(Object, Runnable)}
	 */
	static synchronized void unregister(Object owner) {
		actions.remove(owner);
	}

	private static void runAll() {
		List<Runnable> pending;
		synchronized (HarnessCleanup.class) {
			pending = new ArrayList<>(actions.values());
			actions.clear();
		}
		// Newest first: a cluster's members before the TLS files they use.
		Collections.reverse(pending);
		for (Runnable action : pending) {
			try {
				action.run();
			}
			catch (Throwable ex) {
				// Best effort: one failure must not keep the rest running.
			}
		}
	}

}
