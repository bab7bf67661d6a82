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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EtcdBackgroundPreinitializer}.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdBackgroundPreinitializerTests {

	@Test
	void everyListedClassIsOnTheClassPath() throws IOException {
		// A jetcd, gRPC or Netty upgrade that renames classes makes the list stale:
		// regenerate it (BENCHMARKS.md, "Startup cost").
		List<String> names = listedNames();
		assertThat(names).hasSizeGreaterThan(1000)
			.contains("io.grpc.netty.NettyClientTransport", "io.etcd.jetcd.api.RangeRequest")
			.doesNotHaveDuplicates();
		assertThat(EtcdBackgroundPreinitializer.preload(getClass().getClassLoader())).isEqualTo(names.size());
	}

	@Test
	void listsOnlyClassesThatCanBeLoadedBeforeTheApplicationRuns() throws IOException {
		// No generated names (lambdas, proxies, CGLIB subclasses) and nothing of the
		// application's own.
		assertThat(listedNames()).noneMatch((name) -> name.contains("$$") || name.contains("/")
				|| name.contains("$Proxy") || name.contains("CGLIB") || name.startsWith("dev.etcdspring.bench"));
	}

	@Test
	void isRegisteredAsAnApplicationListener() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(ApplicationListener.class)).hasAtLeastOneElementOfType(EtcdBackgroundPreinitializer.class);
	}

	private List<String> listedNames() throws IOException {
		try (InputStream in = getClass().getClassLoader()
			.getResourceAsStream(EtcdBackgroundPreinitializer.CLASS_LIST)) {
			assertThat(in).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank())
				.toList();
		}
	}

}
