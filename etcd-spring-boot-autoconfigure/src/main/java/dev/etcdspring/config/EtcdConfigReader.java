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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdGetResult;
import dev.etcdspring.client.EtcdKeyValue;

/**
 * Reads the content of a context from etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdConfigReader {

	private EtcdConfigReader() {
	}

	/**
	 * Read a context: one consistent prefix read, parsed in the context's format.
	 * @param client the client
	 * @param context the context
	 * @return the content and the revision it was read at
	 * @throws EtcdConfigDocumentException if its document is malformed
	 */
	public static EtcdConfigContextData read(EtcdClient client, EtcdConfigContext context) {
		return read(client, context, EtcdConfigParser::warn);
	}

	/**
	 * Read a context: one consistent prefix read, parsed in the context's format.
	 * @param client the client
	 * @param context the context
	 * @param warnings receives what the parser ignores, for a logger that works where
	 * this runs (during startup, the loader's deferred log)
	 * @return the content and the revision it was read at
	 * @throws EtcdConfigDocumentException if its document is malformed
	 */
	public static EtcdConfigContextData read(EtcdClient client, EtcdConfigContext context, Consumer<String> warnings) {
		EtcdGetResult result = client.getPrefix(context.keyPrefix());
		Map<String, String> keyValues = new LinkedHashMap<>();
		for (EtcdKeyValue keyValue : result.keyValues()) {
			String key = keyValue.key();
			if (context.isRelevant(key)) {
				keyValues.put(key, keyValue.value());
			}
		}
		return new EtcdConfigContextData(keyValues, EtcdConfigParser.parse(context, keyValues, warnings),
				result.revision());
	}

}
