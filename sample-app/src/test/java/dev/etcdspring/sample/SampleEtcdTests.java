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
import java.net.InetAddress;
import java.net.ServerSocket;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import dev.etcdspring.test.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which etcd {@link TestSampleApplication} runs the sample against, with a free port
 * standing in for 2379.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class SampleEtcdTests {

	@Test
	void startsEtcdOnTheWellKnownPortWhenItIsFree() {
		int port = FreePorts.pick();
		SampleEtcd etcd = SampleEtcd.forPort(port);
		try {
			assertThat(etcd.endpoint()).isEqualTo("http://127.0.0.1:" + port);
			assertThat(etcd.origin()).isEqualTo("started for this run, stopped on exit");
			assertServes(etcd.endpoint());
		}
		finally {
			close(etcd);
		}
	}

	@Test
	void usesTheEtcdThatAnswersOnTheWellKnownPort(EtcdServer running) {
		SampleEtcd etcd = SampleEtcd.forPort(running.endpointUri().getPort());
		assertThat(etcd.endpoint()).isEqualTo(running.endpoint());
		assertThat(etcd.origin()).isEqualTo("already running");
		assertThat(etcd.started()).isNull();
	}

	@Test
	void startsEtcdOnAFreePortWhenSomethingElseHoldsTheWellKnownOne() throws IOException {
		try (ServerSocket notEtcd = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			SampleEtcd etcd = SampleEtcd.forPort(notEtcd.getLocalPort());
			try {
				assertThat(etcd.endpoint()).isNotEqualTo("http://127.0.0.1:" + notEtcd.getLocalPort());
				assertThat(etcd.origin()).startsWith("started for this run on a free port because ")
					.contains("127.0.0.1:" + notEtcd.getLocalPort() + " is taken by something that is not etcd");
				assertServes(etcd.endpoint());
			}
			finally {
				close(etcd);
			}
		}
	}

	@Test
	void etcdctlNeedsEndpointsOnlyAwayFromTheDefaultPort() {
		assertThat(new SampleEtcd("http://127.0.0.1:2379", "already running", null).etcdctl()).isEqualTo("etcdctl");
		assertThat(new SampleEtcd("http://127.0.0.1:40123", "already running", null).etcdctl())
			.isEqualTo("etcdctl --endpoints=http://127.0.0.1:40123");
	}

	private static void assertServes(String endpoint) {
		try (DefaultEtcdClient client = EtcdTestClients.create(endpoint)) {
			client.put("/sample-etcd/probe", "here");
			assertThat(client.get("/sample-etcd/probe"))
				.hasValueSatisfying((kv) -> assertThat(kv.value()).isEqualTo("here"));
		}
	}

	private static void close(SampleEtcd etcd) {
		EtcdServer started = etcd.started();
		assertThat(started).isNotNull();
		started.close();
	}

}
