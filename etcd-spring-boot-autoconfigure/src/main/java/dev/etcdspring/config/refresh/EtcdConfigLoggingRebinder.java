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

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.logging.LoggingRebinder;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud's {@link LoggingRebinder}, called only when a change from etcd can concern
 * log levels. Spring Cloud's binds {@code logging.level} on every
 * {@link EnvironmentChangeEvent}: Boot's map binding walks every name of every property
 * source, so each change costs in proportion to the size of the configuration, and every
 * configured level is set again, so any change resets a level changed at runtime (through
 * {@code /actuator/loggers}, say).
 * <p>
 * A change applied from etcd ({@link EtcdConfigCommit} names its changed names exactly)
 * reaches Spring Cloud's rebinding when a changed name starts with {@code logging}, or
 * when a configured level resolves to another value than after the last rebinding (a
 * level may be a placeholder for a changed name). Each configured level is resolved on
 * its own for that, which costs nothing in proportion to the size of the configuration.
 * Every other {@code EnvironmentChangeEvent} (Spring Cloud's refresh, the {@code env}
 * endpoint) goes to Spring Cloud's rebinding as it is.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigLoggingRebinder extends LoggingRebinder {

	private static final String LOGGING_LEVEL = "logging.level";

	private static final Bindable<Map<String, String>> LEVELS = Bindable.mapOf(String.class, String.class);

	private @Nullable Environment environment;

	/** The configured levels, resolved, after the last rebinding. */
	private volatile @Nullable Map<String, String> levels;

	@Override
	public void setEnvironment(Environment environment) {
		super.setEnvironment(environment);
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		Environment environment = this.environment;
		Map<String, String> levels = this.levels;
		if (environment != null && levels != null && event.getSource() instanceof EtcdConfigApplier
				&& !namesLogging(event.getKeys()) && resolveTheSame(environment, levels)) {
			return;
		}
		super.onApplicationEvent(event);
		if (environment != null) {
			this.levels = Map.copyOf(Binder.get(environment).bind(LOGGING_LEVEL, LEVELS).orElseGet(Map::of));
		}
	}

	/**
	 * Whether a changed name may be a logging property: any name that starts with
	 * {@code logging}, in any case (over-inclusive, which only costs a rebinding).
	 */
	private static boolean namesLogging(Collection<String> names) {
		for (String name : names) {
			if (name.regionMatches(true, 0, "logging", 0, 7)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether each configured level still resolves to the value it had. A level whose
	 * name does not resolve on its own (an unusual form of the name) counts as changed,
	 * which only costs a rebinding.
	 */
	private static boolean resolveTheSame(Environment environment, Map<String, String> levels) {
		for (Map.Entry<String, String> level : levels.entrySet()) {
			String resolved;
			try {
				resolved = environment.getProperty(LOGGING_LEVEL + "." + level.getKey());
			}
			catch (RuntimeException ex) {
				return false; // an unresolvable placeholder: Spring Cloud's rebinding
								// reports it
			}
			if (!Objects.equals(resolved, level.getValue())) {
				return false;
			}
		}
		return true;
	}

}
