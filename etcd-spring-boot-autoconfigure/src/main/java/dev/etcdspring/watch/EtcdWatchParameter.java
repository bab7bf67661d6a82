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

package dev.etcdspring.watch;

import java.lang.reflect.Method;
import java.util.List;

import dev.etcdspring.client.EtcdWatchEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * The parameter types an {@link EtcdWatch @EtcdWatch} method may take, and how an event
 * becomes the argument.
 *
 * @author etcd-spring-boot-starter authors
 */
enum EtcdWatchParameter {

	/**
	 * The event itself.
	 */
	EVENT {
		@Override
		@Nullable Object argument(EtcdWatchEvent event) {
			return event;
		}
	},

	/**
	 * All events of one revision.
	 */
	EVENTS {
		@Override
		@Nullable Object argument(EtcdWatchEvent event) {
			return List.of(event);
		}
	},

	/**
	 * The new value as a string, {@code null} for a delete.
	 */
	STRING {
		@Override
		@Nullable Object argument(EtcdWatchEvent event) {
			return (event.type() == EtcdWatchEvent.Type.PUT) ? event.value() : null;
		}
	},

	/**
	 * The new value as bytes, {@code null} for a delete.
	 */
	BYTES {
		@Override
		@Nullable Object argument(EtcdWatchEvent event) {
			return (event.type() == EtcdWatchEvent.Type.PUT) ? event.keyValue().valueBytes() : null;
		}
	};

	static final String SUPPORTED = "it must return void and take one parameter of type EtcdWatchEvent, "
			+ "List<EtcdWatchEvent>, String or byte[]";

	abstract @Nullable Object argument(EtcdWatchEvent event);

	/**
	 * Return the parameter kind of a method, or {@code null} if its signature is not
	 * supported.
	 * @param method the annotated method
	 * @return the parameter kind or {@code null}
	 */
	static @Nullable EtcdWatchParameter of(Method method) {
		if (method.getParameterCount() != 1 || method.getReturnType() != void.class) {
			return null;
		}
		Class<?> type = method.getParameterTypes()[0];
		if (type == EtcdWatchEvent.class) {
			return EVENT;
		}
		if (type == String.class) {
			return STRING;
		}
		if (type == byte[].class) {
			return BYTES;
		}
		if (type == List.class) {
			Class<?> element = ResolvableType.forMethodParameter(new MethodParameter(method, 0))
				.getGeneric(0)
				.resolve();
			return (element == EtcdWatchEvent.class) ? EVENTS : null;
		}
		return null;
	}

}
