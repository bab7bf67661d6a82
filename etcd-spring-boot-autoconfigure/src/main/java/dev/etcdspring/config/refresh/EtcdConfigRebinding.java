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

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Step 7 of applying a batch, once it is committed: rebinds the concerned
 * {@code @ConfigurationProperties} beans, one by one, to the environment now in force.
 * Immutable beans cannot be rebound (they are re-created with {@code @RefreshScope} or at
 * restart); like Spring Cloud's rebinder, beans listed in
 * {@code spring.cloud.refresh.never-refreshable} are left alone.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigRebinding {

	private static final Log logger = LogFactory.getLog(EtcdConfigRebinding.class);

	private final ConfigurableApplicationContext context;

	private final EtcdConfigBeans beans;

	private final @Nullable ConfigurationPropertiesRebinder rebinder;

	EtcdConfigRebinding(ConfigurableApplicationContext context, EtcdConfigBeans beans,
			@Nullable ConfigurationPropertiesRebinder rebinder) {
		this.context = context;
		this.beans = beans;
		this.rebinder = rebinder;
	}

	/**
	 * Rebind the beans to the environment now in force.
	 * @param targets the beans
	 * @return the names of the beans rebound
	 */
	Set<String> rebind(List<EtcdConfigBeans.Target> targets) {
		Set<String> rebound = new LinkedHashSet<>();
		if (targets.isEmpty()) {
			return rebound;
		}
		Set<String> neverRefreshable = this.beans.neverRefreshable();
		for (EtcdConfigBeans.Target target : targets) {
			if (target.valueObject()) {
				continue;
			}
			if (target.isListedIn(neverRefreshable)) {
				logger.info("Not rebinding @ConfigurationProperties bean '" + target.name() + "' ("
						+ target.type().getName() + "): it is listed in " + EtcdConfigBeans.NEVER_REFRESHABLE_PROPERTY
						+ "; restart the application to apply changes under '" + target.annotation().prefix() + "'");
				continue;
			}
			try {
				if (this.rebinder != null && this.rebinder.getBeanNames().contains(target.name())) {
					// Spring Cloud's single-bean rebind: destroy, reset to defaults (so a
					// deleted key falls back), re-initialize through Boot's binding.
					if (this.rebinder.rebind(target.name())) {
						rebound.add(target.name());
					}
				}
				else {
					Object bean = this.context.getBean(target.name());
					this.context.getAutowireCapableBeanFactory().initializeBean(bean, target.name());
					rebound.add(target.name());
				}
			}
			catch (RuntimeException ex) {
				// Without the stack trace: the binder's messages quote the value.
				logger.error("Rebinding '" + target.name() + "' to configuration from etcd failed: "
						+ EtcdConfigBindFailures.describe(ex));
			}
		}
		return rebound;
	}

}
