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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how the {@code etcd:} import reads configuration, and how changes are
 * applied.
 *
 * @author etcd-spring-boot-starter authors
 */
@ConfigurationProperties(EtcdConfigProperties.PREFIX)
public class EtcdConfigProperties {

	/**
	 * The prefix of these properties.
	 */
	public static final String PREFIX = "etcd.config";

	/**
	 * Whether the etcd: import loads anything.
	 */
	private boolean enabled = true;

	/**
	 * Root of the configuration keys.
	 */
	private String prefix = "/config";

	/**
	 * Name of the context shared by every application.
	 */
	private String defaultContext = "application";

	/**
	 * Name of the application's own context. Taken from spring.application.name when not
	 * set.
	 */
	private @Nullable String name;

	/**
	 * Separator between a context's name and a profile.
	 */
	private String profileSeparator = ",";

	/**
	 * How configuration is stored under a context.
	 */
	private EtcdConfigFormat format = EtcdConfigFormat.KEY_VALUE;

	/**
	 * Key below a context holding the document, for the document formats.
	 */
	private String dataKey = "data";

	/**
	 * Whether an unreachable etcd fails startup for a non-optional etcd: import.
	 */
	private boolean failFast = true;

	/**
	 * Whether ${...} placeholders in values read from etcd resolve against other
	 * properties. When false they are literal text, so that whoever may write
	 * configuration in etcd cannot read the application's other properties through them.
	 */
	private boolean resolvePlaceholders = true;

	private final Retry retry = new Retry();

	private final Watch watch = new Watch();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public String getDefaultContext() {
		return this.defaultContext;
	}

	public void setDefaultContext(String defaultContext) {
		this.defaultContext = defaultContext;
	}

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public String getProfileSeparator() {
		return this.profileSeparator;
	}

	public void setProfileSeparator(String profileSeparator) {
		this.profileSeparator = profileSeparator;
	}

	public EtcdConfigFormat getFormat() {
		return this.format;
	}

	public void setFormat(EtcdConfigFormat format) {
		this.format = format;
	}

	public String getDataKey() {
		return this.dataKey;
	}

	public void setDataKey(String dataKey) {
		this.dataKey = dataKey;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public boolean isResolvePlaceholders() {
		return this.resolvePlaceholders;
	}

	public void setResolvePlaceholders(boolean resolvePlaceholders) {
		this.resolvePlaceholders = resolvePlaceholders;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Watch getWatch() {
		return this.watch;
	}

	/**
	 * Retries of the initial load when etcd cannot be reached.
	 */
	public static class Retry {

		/**
		 * Number of load attempts, the first included, before a fail-fast import fails
		 * startup.
		 */
		private int maxAttempts = 4;

		/**
		 * Wait after the first failed attempt.
		 */
		private Duration initialInterval = Duration.ofMillis(500);

		/**
		 * Factor applied to the wait after each further failed attempt.
		 */
		private double multiplier = 2;

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxInterval = Duration.ofSeconds(4);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

	/**
	 * Applying changes at runtime.
	 */
	public static class Watch {

		/**
		 * Whether changes made in etcd are applied to the running application.
		 */
		private boolean enabled = true;

		/**
		 * Number of recent refreshes kept for the actuator endpoint.
		 */
		private int historySize = 20;

		/**
		 * Which @RefreshScope beans an applied change re-creates.
		 */
		private RefreshScopeBeans refreshScope = RefreshScopeBeans.CHANGED;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getHistorySize() {
			return this.historySize;
		}

		public void setHistorySize(int historySize) {
			this.historySize = historySize;
		}

		public RefreshScopeBeans getRefreshScope() {
			return this.refreshScope;
		}

		public void setRefreshScope(RefreshScopeBeans refreshScope) {
			this.refreshScope = refreshScope;
		}

	}

	/**
	 * Which {@code @RefreshScope} beans an applied change re-creates.
	 */
	public enum RefreshScopeBeans {

		/**
		 * Those that read a changed property, directly or through a
		 * {@code @ConfigurationProperties} bean they depend on, when they were created.
		 */
		CHANGED,

		/**
		 * All of them, as Spring Cloud's refresh does.
		 */
		ALL

	}

}
