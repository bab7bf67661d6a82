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

package dev.etcdspring.discovery;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EtcdInstancePayloadCodec}.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdInstancePayloadCodecTests {

	@Test
	void writesTheDocumentedPayload() {
		EtcdInstancePayload payload = new EtcdInstancePayload("orders", "orders-10.0.0.5-8080", "10.0.0.5", 8080, false,
				Map.of(), null);
		assertThat(EtcdInstancePayloadCodec.write(payload)).isEqualTo(
				"{\"serviceId\":\"orders\",\"instanceId\":\"orders-10.0.0.5-8080\",\"host\":\"10.0.0.5\",\"port\":8080,\"secure\":false,\"metadata\":{}}");
	}

	@Test
	void roundTripsStatusAndMetadataAndIgnoresUnknownFields() {
		EtcdInstancePayload payload = new EtcdInstancePayload("orders", "o-1", "h", 1, true, Map.of("zone", "a"),
				"OUT_OF_SERVICE");
		assertThat(EtcdInstancePayloadCodec.read(EtcdInstancePayloadCodec.write(payload))).isEqualTo(payload);
		EtcdInstancePayload withExtra = EtcdInstancePayloadCodec.read(
				"{\"serviceId\":\"s\",\"instanceId\":\"i\",\"host\":\"h\",\"port\":80,\"managementPort\":81,\"zone\":\"z\"}");
		assertThat(withExtra.metadata()).isEmpty();
		assertThat(withExtra.isUp()).isTrue();
		assertThat(withExtra.secure()).isFalse();
	}

	@Test
	void rejectsMalformedValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> EtcdInstancePayloadCodec.read("{not json"));
		assertThatIllegalArgumentException().isThrownBy(() -> EtcdInstancePayloadCodec.read("42"))
			.withMessageContaining("object");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EtcdInstancePayloadCodec.read("{\"serviceId\":\"s\",\"instanceId\":\"i\",\"port\":1}"))
			.withMessageContaining("host");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EtcdInstancePayloadCodec
				.read("{\"serviceId\":\"s\",\"instanceId\":\"i\",\"host\":\"h\",\"port\":\"x\"}"))
			.withMessageContaining("port");
		assertThatIllegalArgumentException().isThrownBy(() -> EtcdInstancePayloadCodec.read(""));
	}

	@Test
	void bracketsIpv6HostsInUris() {
		assertThat(EtcdInstancePayload.uri("http", "::1", 80)).hasToString("http://[::1]:80");
	}

}
