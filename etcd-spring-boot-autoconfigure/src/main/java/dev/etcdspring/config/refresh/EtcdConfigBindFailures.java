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

package dev.etcdspring.config.refresh;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Describes why binding configuration failed, by property names and reasons only.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigBindFailures {

	private EtcdConfigBindFailures() {
	}

	/**
	 * Describe a failure by property names and reasons only. The binder's own messages
	 * quote the rejected value ("rejected value [...]", "for value [...]", "For input
	 * string: ..."), and the value may be a password.
	 * @param ex the failure
	 * @return the description
	 */
	static String describe(Throwable ex) {
		BindException bind = find(ex, BindException.class);
		// "Failed to bind properties under 'limit.max' to int": a name and a type.
		String what = (bind != null) ? bind.getMessage() : ex.getClass().getName();
		BindValidationException validation = find(ex, BindValidationException.class);
		if (validation != null) {
			ValidationErrors errors = validation.getValidationErrors();
			List<String> problems = new ArrayList<>();
			for (ObjectError error : errors) {
				String name = (error instanceof FieldError field) ? errors.getName() + "." + field.getField()
						: errors.getName().toString();
				problems.add(name + ": " + error.getDefaultMessage());
			}
			return what + ": " + String.join("; ", problems);
		}
		ConversionFailedException conversion = find(ex, ConversionFailedException.class);
		if (conversion != null) {
			return what + ": the value cannot be converted to " + conversion.getTargetType().getResolvableType();
		}
		UnboundConfigurationPropertiesException unbound = find(ex, UnboundConfigurationPropertiesException.class);
		if (unbound != null) {
			return what + ": " + unbound.getMessage(); // names only
		}
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root != ex) ? what + " (" + root.getClass().getName() + ")" : what;
	}

	private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
