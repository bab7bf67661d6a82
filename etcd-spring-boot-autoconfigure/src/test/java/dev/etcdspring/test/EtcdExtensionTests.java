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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EtcdExtension} and {@link EtcdIntegrationTest}.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdExtensionTests {

	private static EtcdServer beforeAllServer;

	private final EtcdServer constructorServer;

	EtcdExtensionTests(EtcdServer etcd) {
		this.constructorServer = etcd;
	}

	@BeforeAll
	static void captureServer(EtcdServer etcd) {
		beforeAllServer = etcd;
	}

	@Test
	void resolvesTheSharedServerEverywhere(EtcdServer etcd) {
		assertThat(etcd.isRunning()).isTrue();
		assertThat(etcd).isSameAs(EtcdTestServers.shared()).isSameAs(this.constructorServer).isSameAs(beforeAllServer);
		assertThat(etcd.tls()).isNull();
	}

	@Test
	void integrationTestsAreTaggedEtcd() {
		assertThat(EtcdIntegrationTest.class.getAnnotation(Tag.class).value()).isEqualTo("etcd");
	}

}
