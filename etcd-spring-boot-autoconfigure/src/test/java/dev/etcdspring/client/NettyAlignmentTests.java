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

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.netty.util.Version;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * jetcd brings Netty twice (through grpc-netty and through Vert.x). A mix of 4.1 and 4.2
 * jars works for key-values and watches and then fails on the first lease keep-alive with
 * {@code NoClassDefFoundError: io/netty/channel/MultiThreadIoEventLoopGroup}. The build
 * converges them on Spring Boot's Netty; this checks the result on the test class path.
 *
 * @author etcd-spring-boot-starter authors
 */
class NettyAlignmentTests {

	@Test
	void everyNettyArtifactIsOnOneVersionOfTheBootManagedLine() {
		Map<String, Version> artifacts = Version.identify();
		Set<String> versions = artifacts.values()
			.stream()
			.filter((version) -> !version.artifactId().startsWith("netty-tcnative"))
			.map(Version::artifactVersion)
			.collect(Collectors.toSet());

		assertThat(artifacts).containsKeys("netty-common", "netty-codec-http2", "netty-transport", "netty-handler");
		assertThat(versions).singleElement().asString().startsWith("4.2.");
	}

	@Test
	void classNeededByLeaseKeepAliveIsPresent() {
		assertThatNoException().isThrownBy(() -> Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup"));
	}

}
