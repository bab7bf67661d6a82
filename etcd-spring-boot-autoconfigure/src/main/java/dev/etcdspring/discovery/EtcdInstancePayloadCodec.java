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

import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
		// Written token by token rather than as a tree: the same text, without the
		// serializers of Jackson's databind, which the first registration would
		// otherwise load and set up just for this (about 60 classes at startup).
		StringWriter out = new StringWriter(128);
		try (JsonGenerator json = MAPPER.tokenStreamFactory().createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("serviceId", payload.serviceId());
			json.writeStringProperty("instanceId", payload.instanceId());
			json.writeStringProperty("host", payload.host());
			json.writeNumberProperty("port", payload.port());
			json.writeBooleanProperty("secure", payload.secure());
			json.writeObjectPropertyStart("metadata");
			for (Map.Entry<String, String> entry : new TreeMap<>(payload.metadata()).entrySet()) {
				json.writeStringProperty(entry.getKey(), entry.getValue());
			}
			json.writeEndObject();
			String status = payload.status();
			if (status != null) {
				json.writeStringProperty("status", status);
			}
			json.writeEndObject();
		}
		return out.toString();
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
