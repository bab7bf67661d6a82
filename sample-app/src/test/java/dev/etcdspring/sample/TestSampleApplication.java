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

package dev.etcdspring.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestServers;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample against the etcd on 127.0.0.1:2379 when one answers, or else against an
 * etcd started by the test harness (stopped when the JVM exits):
 * {@code ./mvnw -pl sample-app spring-boot:test-run}.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		if (!localEtcdAnswers()) {
			EtcdServer server = EtcdTestServers.shared();
			System.out.println("No etcd on 127.0.0.1:2379: started " + server + " at " + server.endpoint());
			System.setProperty("etcd.endpoints", server.endpoint());
		}
		SpringApplication.from(SampleApplication::main).run(args);
	}

	private static boolean localEtcdAnswers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 2379), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
