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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because an {@code etcd:} import could not be read: etcd
 * unreachable, credentials rejected, a missing permission, a context larger than the
 * inbound message limit, or a malformed document. Messages name properties, keys and
 * endpoints, never values.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdConfigFailureAnalyzer extends AbstractFailureAnalyzer<EtcdConfigLoadException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EtcdConfigLoadException cause) {
		String endpoints = String.join(", ", cause.getEndpoints());
		String lastError = (cause.getCause() != null) ? cause.getCause().getMessage() : "unknown";
		String imported = "spring.config.import '" + cause.getLocation() + "' (context '" + cause.getContext() + "')";
		return switch (cause.getReason()) {
			case MALFORMED_DOCUMENT -> malformedDocument(cause, lastError, imported);
			case TOO_LARGE -> new FailureAnalysis(
					"Configuration for " + imported + " could not be loaded from etcd at " + endpoints
							+ ": a response was larger than etcd.max-inbound-message-size allows.\n\nLast error: "
							+ lastError,
					"Raise etcd.max-inbound-message-size (for example etcd.max-inbound-message-size=64MB) above the "
							+ "size of the context's keys and values, or keep less configuration below '"
							+ cause.getContext() + "/'.",
					cause);
			case CREDENTIALS_REJECTED -> new FailureAnalysis(
					"etcd at " + endpoints + " rejected the credentials, so configuration for " + imported
							+ " could not be loaded.\n\nAttempts: " + cause.getAttempts() + "\nLast error: "
							+ lastError,
					"Check the credentials (properties etcd.username and etcd.password) and that the user may read '"
							+ cause.getContext() + "/' at " + endpoints + ".",
					cause);
			case PERMISSION_DENIED -> new FailureAnalysis(
					"The etcd user (etcd.username) may not read '" + cause.getContext() + "/' at " + endpoints
							+ ", so configuration for " + imported + " could not be loaded.\n\nLast error: "
							+ lastError,
					"Grant the user's role read permission on the prefix '" + cause.getContext() + "/' (etcdctl role "
							+ "grant-permission <role> --prefix=true read '" + cause.getContext() + "/'), or import "
							+ "only the contexts the user may read.",
					cause);
			case UNAVAILABLE -> new FailureAnalysis(
					"Configuration could not be loaded from etcd for " + imported + ".\n\nEndpoints tried: " + endpoints
							+ "\nAttempts: " + cause.getAttempts() + "\nLast error: " + lastError,
					"Check that etcd is running and reachable at " + endpoints + " (property etcd.endpoints), or "
							+ "import it as 'optional:" + withoutOptional(cause.getLocation())
							+ "' (or set etcd.config.fail-fast=false) to start on local configuration and apply "
							+ "etcd's once it is reachable.",
					cause);
		};
	}

	private FailureAnalysis malformedDocument(EtcdConfigLoadException cause, String lastError, String imported) {
		EtcdConfigDocumentException document = findDocumentException(cause);
		String key = (document != null) ? document.getKey() : cause.getContext();
		return new FailureAnalysis(lastError + "\n\nThe document was read for " + imported + ".",
				"Fix the document at etcd key '" + key + "' so that it parses in the format set by "
						+ "etcd.config.format, or set etcd.config.format to the format it is written in.",
				cause);
	}

	private static @Nullable EtcdConfigDocumentException findDocumentException(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof EtcdConfigDocumentException document) {
				return document;
			}
		}
		return null;
	}

	private static String withoutOptional(String location) {
		return location.startsWith("optional:") ? location.substring("optional:".length()) : location;
	}

}
