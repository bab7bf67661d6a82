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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks free loopback ports. Ports handed out once are never handed out again by this
 * JVM, so two members started at the same time cannot be given the same port. A port can
 * still be taken by someone else before etcd binds it: callers retry on a bind conflict.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class FreePorts {

	private static final int MAX_ATTEMPTS_PER_PORT = 50;

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	/**
	 * Return a port that was free on the loopback address.
	 * @return the port
	 */
	public static int pick() {
		return pick(1)[0];
	}

	/**
	 * Return {@code count} distinct ports that were free on the loopback address.
	 * @param count how many ports
	 * @return the ports
	 */
	public static int[] pick(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			int[] ports = new int[count];
			int found = 0;
			for (int attempt = 0; found < count && attempt < count * MAX_ATTEMPTS_PER_PORT; attempt++) {
				// Keep every socket open until all are picked so the ports are distinct.
				ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				if (handedOut.add(socket.getLocalPort())) {
					ports[found++] = socket.getLocalPort();
				}
			}
			if (found < count) {
				throw new IllegalStateException("Could not find " + count + " free loopback ports");
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open a loopback server socket", ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// Nothing to do: the port is released anyway when the JVM exits.
				}
			}
		}
	}

}
