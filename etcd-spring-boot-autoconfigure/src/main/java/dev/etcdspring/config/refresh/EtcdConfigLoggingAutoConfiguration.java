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

import dev.etcdspring.config.EtcdConfigState;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.logging.LoggingRebinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Replaces Spring Cloud's {@link LoggingRebinder} with one that rebinds log levels only
 * for the changes from etcd that can concern them ({@link EtcdConfigLoggingRebinder}),
 * when the application imported {@code etcd:} configuration and applies its changes. It
 * runs before Spring Cloud's refresh auto-configuration, whose rebinder backs off; an
 * application's own {@code LoggingRebinder} bean replaces both.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(beforeName = "org.springframework.cloud.autoconfigure.RefreshAutoConfiguration")
@ConditionalOnClass(LoggingRebinder.class)
@ConditionalOnBean(EtcdConfigState.class)
@ConditionalOnBooleanProperty(name = "etcd.config.watch.enabled", matchIfMissing = true)
@Conditional(EtcdConfigRefreshAutoConfiguration.RefreshEnabledOrAheadOfTime.class)
public final class EtcdConfigLoggingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LoggingRebinder.class)
	static LoggingRebinder loggingRebinder() {
		return new EtcdConfigLoggingRebinder();
	}

}
