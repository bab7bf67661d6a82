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

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.common.exception.CompactedException;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Waits for jetcd futures within the request timeout and turns jetcd and gRPC failures
 * into {@link EtcdException}s whose messages say what was asked, of whom, and why it
 * failed.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdErrors {

	private final List<String> endpoints;

	private final Duration timeout;

	private final @Nullable String username;

	EtcdErrors(List<String> endpoints, Duration timeout) {
		this(endpoints, timeout, null);
	}

	EtcdErrors(List<String> endpoints, Duration timeout, @Nullable String username) {
		this.endpoints = List.copyOf(endpoints);
		this.timeout = timeout;
		this.username = username;
	}

	EtcdErrors withTimeout(Duration timeout) {
		return new EtcdErrors(this.endpoints, timeout, this.username);
	}

	private static String permission(String operation) {
		return switch (operation) {
			case "put", "delete", "delete by prefix", "transaction" -> "write";
			case "lease grant", "lease revoke", "lease keep-alive", "lease time-to-live" -> "use leases for";
			default -> "read";
		} + ((operation.contains("prefix") || operation.equals("watch")) ? " the range starting at" : " the key");
	}

	<T> T await(CompletableFuture<T> future, String operation, @Nullable String key) {
		try {
			return future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new EtcdTimeoutException(describe(operation, key) + " got no answer within " + this.timeout
					+ " (etcd.request-timeout)" + endpointsSuffix(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new EtcdException(describe(operation, key) + " was interrupted" + endpointsSuffix(), ex);
		}
		catch (ExecutionException | CompletionException | CancellationException ex) {
			throw translate(operation, key, ex);
		}
	}

	EtcdException translate(String operation, @Nullable String key, Throwable failure) {
		Throwable error = unwrap(failure);
		if (error instanceof EtcdException etcdException) {
			return etcdException;
		}
		String message = describe(operation, key) + " failed: " + reason(error) + endpointsSuffix();
		if (error instanceof CompactedException compacted) {
			return new EtcdCompactedException(message, compacted.getCompactedRevision(), error);
		}
		String code = code(error);
		String text = String.valueOf(reason(error)).toLowerCase(Locale.ROOT);
		if ("PERMISSION_DENIED".equals(code) || text.contains("permission denied")) {
			return new EtcdPermissionDeniedException(message + ". The etcd user"
					+ ((this.username != null) ? " '" + this.username + "'" : "") + " lacks the permission to "
					+ permission(operation) + ((key != null) ? " '" + key + "'" : "")
					+ " (grant it with etcdctl role grant-permission)", error);
		}
		if ("RESOURCE_EXHAUSTED".equals(code) && text.contains("message")) {
			return new EtcdException(message + ". The response was larger than etcd.max-inbound-message-size", error);
		}
		if ("UNAUTHENTICATED".equals(code) || "PERMISSION_DENIED".equals(code) || text.contains("authentication failed")
				|| text.contains("invalid user id or password") || text.contains("permission denied")
				|| text.contains("user name is empty") || text.contains("invalid auth token")) {
			return new EtcdAuthenticationException(message + ". Check etcd.username and etcd.password", error);
		}
		if ("DEADLINE_EXCEEDED".equals(code)) {
			return new EtcdTimeoutException(message, error);
		}
		if ("UNAVAILABLE".equals(code) || text.contains("no leader")) {
			return new EtcdConnectionException(message, error);
		}
		return new EtcdException(message, error);
	}

	String endpointsSuffix() {
		return " (endpoints: " + String.join(", ", this.endpoints) + ")";
	}

	private static String describe(String operation, @Nullable String key) {
		return "etcd " + operation + ((key != null) ? " of key '" + key + "'" : "");
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable error = failure;
		while ((error instanceof ExecutionException || error instanceof CompletionException)
				&& error.getCause() != null) {
			error = error.getCause();
		}
		return error;
	}

	private static @Nullable String code(Throwable error) {
		if (error instanceof io.etcd.jetcd.common.exception.EtcdException jetcdException) {
			return jetcdException.getErrorCode().name();
		}
		Status status = Status.fromThrowable(error);
		return (status.getCode() != Status.Code.UNKNOWN) ? status.getCode().name() : null;
	}

	/**
	 * The message of the failure and of its deepest cause, which is where TLS and
	 * connection problems say what went wrong.
	 */
	private static String reason(Throwable error) {
		String message = firstLine(error.getMessage(), error.getClass().getSimpleName());
		Throwable root = error;
		boolean tls = false;
		boolean untrusted = false;
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			tls |= cause instanceof SSLException;
			untrusted |= cause instanceof CertificateException || cause instanceof CertPathBuilderException
					|| cause instanceof CertPathValidatorException;
			root = cause;
		}
		if (root != error && root.getMessage() != null && !message.contains(root.getMessage())) {
			message += " (caused by " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage(), "") + ")";
		}
		if (untrusted) {
			return "TLS handshake failed: the server certificate is not trusted (check the CA in etcd.ssl.bundle); "
					+ message;
		}
		return tls ? "TLS handshake failed (check etcd.ssl.bundle); " + message : message;
	}

	private static String firstLine(@Nullable String message, String fallback) {
		if (message == null) {
			return fallback;
		}
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline).trim() : message;
	}

}
