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

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the authenticated etcd user lacks the permission for a request (etcd's
 * "permission denied"), as opposed to credentials that etcd rejects.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdPermissionDeniedException extends EtcdAuthenticationException {

	/**
	 * Create a new exception.
	 * @param message the detail message
	 * @param cause the underlying cause, if any
	 */
	public EtcdPermissionDeniedException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
