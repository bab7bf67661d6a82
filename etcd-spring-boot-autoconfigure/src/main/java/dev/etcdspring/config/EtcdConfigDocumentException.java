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

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A configuration document in etcd that cannot be parsed, or that is refused (too large,
 * too deeply nested, expanding beyond its size, containing itself). The message names the
 * key and, where the parser says, the line:
 * {@code Malformed yaml configuration in etcd key '/config/orders/data' at line 3: ...}.
 * It never quotes the document, which may hold secrets.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigDocumentException extends RuntimeException {

	private final String key;

	private final int line;

	/**
	 * Create a new instance without a cause: a parser's own exception usually quotes the
	 * document.
	 * @param key the etcd key holding the document
	 * @param format the format it was read as
	 * @param line the line of the problem, or {@code -1} if unknown
	 * @param reason what is wrong, without quoting the document
	 */
	public EtcdConfigDocumentException(String key, EtcdConfigFormat format, int line, String reason) {
		this(key, format, line, reason, null);
	}

	/**
	 * Create a new instance.
	 * @param key the etcd key holding the document
	 * @param format the format it was read as
	 * @param line the line of the problem, or {@code -1} if unknown
	 * @param reason what is wrong, without quoting the document
	 * @param cause the parser's exception, or {@code null}; its message must not quote
	 * the document either
	 */
	public EtcdConfigDocumentException(String key, EtcdConfigFormat format, int line, String reason,
			@Nullable Throwable cause) {
		super("Malformed " + format.name().toLowerCase(Locale.ROOT).replace('_', '-') + " configuration in etcd key '"
				+ key + "'" + ((line > 0) ? " at line " + line : "") + ": " + reason, cause);
		this.key = key;
		this.line = line;
	}

	/**
	 * Return the etcd key holding the malformed document.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the line of the problem.
	 * @return the line, or {@code -1} if unknown
	 */
	public int getLine() {
		return this.line;
	}

}
