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

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads registration payloads. It uses its own {@link JsonMapper} so that the
 * application's Jackson customizations never change the wire format.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdInstancePayloadCodec {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private EtcdInstancePayloadCodec() {
	}

	/**
	 * Return the JSON of a payload: metadata sorted by key, {@code status} left out when
	 * absent.
	 * @param payload the payload
	 * @return the JSON text
	 */
	public static String write(EtcdInstancePayload payload) {
		ObjectNode node = MAPPER.createObjectNode();
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
		return MAPPER.writeValueAsString(node);
	}

	/**
	 * Read a payload.
	 * @param json the JSON text
	 * @return the payload
	 * @throws IllegalArgumentException if the text is not a valid payload
	 */
	public static EtcdInstancePayload read(String json) {
		JsonNode node;
		try {
			node = MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("not a JSON object");
		}
		String serviceId = requiredText(node, "serviceId");
		String instanceId = requiredText(node, "instanceId");
		String host = requiredText(node, "host");
		JsonNode port = node.get("port");
		if (port == null || !port.canConvertToInt() || port.asInt() < 0 || port.asInt() > 65535) {
			throw new IllegalArgumentException("'port' must be a number between 0 and 65535");
		}
		JsonNode secure = node.get("secure");
		Map<String, String> metadata = new java.util.LinkedHashMap<>();
		JsonNode metadataNode = node.get("metadata");
		if (metadataNode != null && metadataNode.isObject()) {
			for (Map.Entry<String, JsonNode> entry : metadataNode.properties()) {
				metadata.put(entry.getKey(), entry.getValue().asString());
			}
		}
		JsonNode status = node.get("status");
		return new EtcdInstancePayload(serviceId, instanceId, host, port.asInt(), secure != null && secure.asBoolean(),
				metadata, (status != null && status.isString()) ? status.asString() : null);
	}

	private static String requiredText(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString() || value.asString().isBlank()) {
			throw new IllegalArgumentException("'" + field + "' is missing or not a text");
		}
		return value.asString();
	}

}
