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
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
	void writesTheSameTextAsJacksonsTreeSerialization() {
		// The payload was written as an ObjectNode before it was written token by token:
		// the text (escapes, non-ASCII, order) must not change.
		Map<String, String> metadata = Map.of("zone", "eu-1", "quote\"back\\slash", "line\nbreak\ttab",
				"unicode-\u00e9\u4e2d", "\u2028\u0001", "", "empty key", "b", "", "a", "first");
		EtcdInstancePayload[] payloads = {
				new EtcdInstancePayload("orders", "orders-1", "::1", 0, true, metadata, "OUT_OF_SERVICE"),
				new EtcdInstancePayload("s", "i", "h\u00e9", 65535, false, Map.of(), null),
				new EtcdInstancePayload("s</script>", "i/1", "h", 80, false, Map.of("k", "v"), "") };
		for (EtcdInstancePayload payload : payloads) {
			assertThat(EtcdInstancePayloadCodec.write(payload)).isEqualTo(asTree(payload));
			assertThat(EtcdInstancePayloadCodec.read(EtcdInstancePayloadCodec.write(payload))).isEqualTo(payload);
		}
	}

	private static String asTree(EtcdInstancePayload payload) {
		JsonMapper mapper = JsonMapper.builder().build();
		ObjectNode node = mapper.createObjectNode();
		node.put("serviceId", payload.serviceId());
		node.put("instanceId", payload.instanceId());
		node.put("host", payload.host());
		node.put("port", payload.port());
		node.put("secure", payload.secure());
		ObjectNode metadata = node.putObject("metadata");
		new TreeMap<>(payload.metadata()).forEach(metadata::put);
		if (payload.status() != null) {
			node.put("status", payload.status());
		}
		return mapper.writeValueAsString(node);
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
