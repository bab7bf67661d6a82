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

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import dev.etcdspring.client.EtcdAuthenticationException;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;

/**
 * Configuration could not be read from etcd during startup. {@link #getReason()} says
 * why: only an unavailable etcd is retried (with the configured backoff) before this is
 * thrown; credentials, permissions, size and malformed documents fail at once.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigLoadException extends RuntimeException {

	private final List<String> endpoints;

	private final String location;

	private final String context;

	private final int attempts;

	private final Reason reason;

	/**
	 * Create a new instance.
	 * @param endpoints the endpoints tried
	 * @param location the {@code etcd:} location being imported
	 * @param context the context being read
	 * @param attempts the number of attempts made
	 * @param cause the last failure
	 */
	public EtcdConfigLoadException(List<String> endpoints, String location, String context, int attempts,
			Throwable cause) {
		super("Could not load configuration context '" + context + "' of '" + location + "' from etcd at "
				+ displayEndpoints(endpoints) + " after " + attempts + " attempt(s): " + cause.getMessage(), cause);
		this.endpoints = displayEndpoints(endpoints);
		this.location = location;
		this.context = context;
		this.attempts = attempts;
		this.reason = Reason.of(cause);
	}

	/**
	 * Return the endpoints tried, without user information.
	 * @return the endpoints
	 */
	public List<String> getEndpoints() {
		return this.endpoints;
	}

	/**
	 * Return the location being imported.
	 * @return the location
	 */
	public String getLocation() {
		return this.location;
	}

	/**
	 * Return the context being read.
	 * @return the context path
	 */
	public String getContext() {
		return this.context;
	}

	/**
	 * Return the number of attempts made.
	 * @return the attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Return why the context could not be read.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Return endpoints fit for messages: any user information (a password in
	 * {@code http://user:password@host:port}) removed.
	 * @param endpoints the endpoints
	 * @return the endpoints without user information
	 */
	static List<String> displayEndpoints(List<String> endpoints) {
		return endpoints.stream().map(EtcdConfigLoadException::withoutUserInfo).toList();
	}

	private static String withoutUserInfo(String endpoint) {
		try {
			URI uri = new URI(endpoint);
			if (uri.getRawUserInfo() == null) {
				return endpoint;
			}
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (URISyntaxException ex) {
			int at = endpoint.lastIndexOf('@');
			int scheme = endpoint.indexOf("://");
			return (at > scheme && scheme >= 0) ? endpoint.substring(0, scheme + 3) + endpoint.substring(at + 1)
					: endpoint;
		}
	}

	/**
	 * Why configuration could not be read.
	 */
	public enum Reason {

		/**
		 * No endpoint answered, or not in time. The only transient reason: retried.
		 */
		UNAVAILABLE,

		/**
		 * etcd rejected the credentials ({@code etcd.username}, {@code etcd.password}).
		 */
		CREDENTIALS_REJECTED,

		/**
		 * The etcd user may not read the context.
		 */
		PERMISSION_DENIED,

		/**
		 * A response was larger than {@code etcd.max-inbound-message-size} allows.
		 */
		TOO_LARGE,

		/**
		 * The context's document could not be parsed.
		 */
		MALFORMED_DOCUMENT;

		/**
		 * Return whether trying again may succeed.
		 * @return whether this reason is transient
		 */
		public boolean isTransient() {
			return this == UNAVAILABLE;
		}

		/**
		 * Classify a failure to read a context.
		 * <p>
		 * A response over the inbound limit is recognised by gRPC's status
		 * {@code RESOURCE_EXHAUSTED} together with gRPC's own wording for it ("exceeds
		 * maximum size", "larger than max"), or by a message naming
		 * {@code etcd.max-inbound-message-size}: etcd uses {@code RESOURCE_EXHAUSTED} for
		 * transient overload ("too many requests") too, which must stay retried.
		 * @param failure the failure
		 * @return the reason
		 */
		public static Reason of(Throwable failure) {
			boolean authentication = false;
			boolean permission = false;
			boolean exhausted = false;
			StringBuilder text = new StringBuilder();
			for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause()
					: null) {
				if (cause instanceof EtcdConfigDocumentException) {
					return MALFORMED_DOCUMENT;
				}
				authentication |= cause instanceof EtcdAuthenticationException;
				String code = code(cause);
				permission |= "PERMISSION_DENIED".equals(code);
				exhausted |= "RESOURCE_EXHAUSTED".equals(code);
				text.append(' ').append(String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT));
			}
			String messages = text.toString();
			if (messages.contains("etcd.max-inbound-message-size") || (exhausted
					&& (messages.contains("exceeds maximum size") || messages.contains("larger than max")))) {
				return TOO_LARGE;
			}
			if (permission || messages.contains("permission denied")) {
				return PERMISSION_DENIED;
			}
			return authentication ? CREDENTIALS_REJECTED : UNAVAILABLE;
		}

		private static @Nullable String code(Throwable failure) {
			if (failure instanceof io.etcd.jetcd.common.exception.EtcdException etcd) {
				return etcd.getErrorCode().name();
			}
			if (failure instanceof StatusRuntimeException status) {
				return status.getStatus().getCode().name();
			}
			if (failure instanceof StatusException status) {
				return status.getStatus().getCode().name();
			}
			return null;
		}

	}

}
