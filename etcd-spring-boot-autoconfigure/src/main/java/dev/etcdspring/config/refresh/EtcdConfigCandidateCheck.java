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

import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySources;

/**
 * Step 5 of applying a batch: binds and validates a fresh instance of each concerned
 * {@code @ConfigurationProperties} bean against the candidate property sources, exactly
 * as Boot binds it at startup (see {@link EtcdConfigCandidateBinder}), before anything is
 * committed. Spring Cloud's rebinder only binds after the environment was changed, so a
 * value that fails validation is already in force (and half-bound into the bean) when the
 * failure shows. Beans listed in {@code spring.cloud.refresh.never-refreshable} are not
 * checked: they are not rebound either.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigCandidateCheck implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdConfigCandidateCheck.class);

	private final ConfigurableApplicationContext context;

	private final EtcdConfigBeans beans;

	private @Nullable EtcdConfigCandidateBinder binder;

	EtcdConfigCandidateCheck(ConfigurableApplicationContext context, EtcdConfigBeans beans) {
		this.context = context;
		this.beans = beans;
	}

	/**
	 * Check the beans against candidate property sources.
	 * @param targets the beans
	 * @param sources the candidate property sources
	 * @return the problem of the first bean that fails, or {@code null} when all bind
	 */
	@Nullable String check(List<EtcdConfigBeans.Target> targets, PropertySources sources) {
		if (targets.isEmpty()) {
			return null;
		}
		Set<String> neverRefreshable = this.beans.neverRefreshable();
		EtcdConfigCandidateBinder binder = binder();
		binder.use(sources);
		for (EtcdConfigBeans.Target target : targets) {
			if (target.isListedIn(neverRefreshable)) {
				continue;
			}
			try {
				if (target.valueObject()) {
					binder.bindValueObject(target);
				}
				else if (!binder.bindJavaBean(target)) {
					logger.debug("Not checking '" + target.name() + "' before the change: " + target.type().getName()
							+ " has no default constructor for a fresh candidate");
				}
			}
			catch (RuntimeException ex) {
				return "bean '" + target.name() + "' (prefix '" + target.annotation().prefix() + "'): "
						+ EtcdConfigBindFailures.describe(ex);
			}
		}
		return null;
	}

	private synchronized EtcdConfigCandidateBinder binder() {
		if (this.binder == null) {
			this.binder = new EtcdConfigCandidateBinder(this.context);
		}
		return this.binder;
	}

	/**
	 * Close what checking candidates opened.
	 */
	@Override
	public synchronized void close() {
		if (this.binder != null) {
			this.binder.close();
			this.binder = null;
		}
	}

}
