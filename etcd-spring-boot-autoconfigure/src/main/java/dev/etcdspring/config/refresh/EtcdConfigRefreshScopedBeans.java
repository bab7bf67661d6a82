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
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Step 7 of applying a batch, after rebinding: re-creates the {@code @RefreshScope} beans
 * the change concerns, those that read a changed name or were given a rebound
 * {@code @ConfigurationProperties} bean (see {@link EtcdConfigRefreshScopeReads}), or all
 * of them with {@code etcd.config.watch.refresh-scope=all}. Each is destroyed through
 * Spring Cloud's scope, which publishes {@code RefreshScopeRefreshedEvent} for it, and
 * created again on the applying thread before the next change is committed: left to be
 * created lazily by the first caller, a bean that reads several properties while it is
 * created could read some before and some after the next commit. Spring Cloud's scope
 * creates a bean under a lock, so this also waits for a creation another thread already
 * started.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigRefreshScopedBeans {

	private static final Log logger = LogFactory.getLog(EtcdConfigRefreshScopedBeans.class);

	private final ConfigurableApplicationContext context;

	private final @Nullable RefreshScope refreshScope;

	private final @Nullable EtcdConfigRefreshScopeReads reads;

	private volatile List<String> names = List.of();

	private volatile List<String> eager = List.of();

	EtcdConfigRefreshScopedBeans(ConfigurableApplicationContext context, @Nullable RefreshScope refreshScope,
			@Nullable EtcdConfigRefreshScopeReads reads) {
		this.context = context;
		this.refreshScope = refreshScope;
		this.reads = reads;
	}

	/**
	 * Find the {@code @RefreshScope} beans once the context is ready, and create the
	 * eager ones on this thread.
	 */
	void discover() {
		if (this.refreshScope == null) {
			// No refresh scope (Spring Cloud's refresh switched off, as it must be ahead
			// of time): such beans cannot be created at all, which the auto-configuration
			// says once; creating them here would only add a stack trace.
			return;
		}
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		List<String> scoped = new ArrayList<>();
		List<String> eager = new ArrayList<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			if ("refresh".equals(definition.getScope()) && !definition.isAbstract()) {
				scoped.add(name);
				if (!definition.isLazyInit()) {
					eager.add(name);
				}
			}
		}
		this.names = List.copyOf(scoped);
		this.eager = List.copyOf(eager);
		create(this.eager);
	}

	/**
	 * Return the names of the {@code @RefreshScope} beans (their scoped targets).
	 * @return the bean names
	 */
	List<String> names() {
		return this.names;
	}

	/**
	 * Re-create the beans a change concerns.
	 * @param changed the changed property names
	 * @param concernedProperties the names of the {@code @ConfigurationProperties} beans
	 * the change concerns
	 * @return the number of beans re-created
	 */
	int recreate(Set<String> changed, Collection<String> concernedProperties) {
		RefreshScope refreshScope = this.refreshScope;
		if (refreshScope == null) {
			return 0;
		}
		if (this.reads == null) {
			refreshScope.refreshAll();
			create(this.eager);
			return this.names.size();
		}
		List<String> names = this.reads.concerned(this.names, changed, concernedProperties);
		int recreated = 0;
		for (String name : names) {
			// destroys the instance and publishes RefreshScopeRefreshedEvent(name), as
			// Spring Cloud's refresh of one bean does; false when there was none
			if (refreshScope.refresh(name)) {
				recreated++;
			}
		}
		create(names);
		return recreated;
	}

	private void create(Collection<String> names) {
		for (String name : names) {
			if (!this.eager.contains(name)) {
				continue; // lazy ones are left to their first use
			}
			try {
				this.context.getBean(name);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not re-create @RefreshScope bean '" + name + "' after a configuration change", ex);
			}
		}
	}

}
