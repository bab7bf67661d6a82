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

package dev.etcdspring.config;

import java.util.List;

import dev.etcdspring.client.EtcdAuthenticationException;
import dev.etcdspring.client.EtcdConnectionException;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.config.EtcdConfigLoadException.Reason;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a failure to read a context is classified, and what its messages show.
 */
class EtcdConfigLoadExceptionTests {

	@Test
	void onlyAnUnavailableEtcdIsTransient() {
		assertThat(Reason.of(new EtcdConnectionException("refused", null))).isEqualTo(Reason.UNAVAILABLE);
		assertThat(Reason.UNAVAILABLE.isTransient()).isTrue();
		assertThat(Reason.values()).filteredOn(Reason::isTransient).containsExactly(Reason.UNAVAILABLE);
	}

	@Test
	void responseOverTheInboundLimitIsTooLarge() {
		EtcdException ex = new EtcdException("etcd get by prefix failed",
				Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 1048576: 1433706")
					.asRuntimeException());
		assertThat(Reason.of(ex)).isEqualTo(Reason.TOO_LARGE);
		// a message naming the property (as the client may produce it) is enough
		assertThat(Reason.of(new EtcdException("response over etcd.max-inbound-message-size", null)))
			.isEqualTo(Reason.TOO_LARGE);
	}

	@Test
	void etcdOverloadStaysTransientAlthoughItIsResourceExhaustedToo() {
		EtcdException ex = new EtcdException("etcd get failed",
				Status.RESOURCE_EXHAUSTED.withDescription("etcdserver: too many requests").asRuntimeException());
		assertThat(Reason.of(ex)).isEqualTo(Reason.UNAVAILABLE);
	}

	@Test
	void permissionDeniedIsToldApartFromRejectedCredentials() {
		assertThat(Reason.of(new EtcdAuthenticationException("failed",
				Status.PERMISSION_DENIED.withDescription("etcdserver: permission denied").asRuntimeException())))
			.isEqualTo(Reason.PERMISSION_DENIED);
		assertThat(Reason.of(new EtcdAuthenticationException("failed",
				Status.INVALID_ARGUMENT
					.withDescription("etcdserver: authentication failed, invalid user ID or password")
					.asRuntimeException())))
			.isEqualTo(Reason.CREDENTIALS_REJECTED);
	}

	@Test
	void malformedDocumentWins() {
		EtcdConfigDocumentException document = new EtcdConfigDocumentException("/config/orders/data",
				EtcdConfigFormat.YAML, 3, "expected <block end>", new IllegalStateException());
		assertThat(Reason.of(document)).isEqualTo(Reason.MALFORMED_DOCUMENT);
	}

	@Test
	void endpointsAreShownWithoutUserInformation() {
		EtcdConfigLoadException ex = new EtcdConfigLoadException(List.of("http://app:pa55word@127.0.0.1:2379"), "etcd:",
				"/config/orders", 2, new EtcdConnectionException("refused", null));
		assertThat(ex.getEndpoints()).containsExactly("http://127.0.0.1:2379");
		assertThat(ex.getMessage()).doesNotContain("pa55word").doesNotContain("app@");
		FailureAnalysis analysis = new EtcdConfigFailureAnalyzer().analyze(ex);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription() + analysis.getAction()).contains("http://127.0.0.1:2379")
			.doesNotContain("pa55word");
	}

}
