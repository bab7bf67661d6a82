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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.StringUtils;

/**
 * The application's {@code @ConfigurationProperties} beans, seen from etcd: which ones a
 * change concerns (those whose prefix covers a changed name), used to check them
 * ({@link EtcdConfigCandidateCheck}) and rebind them ({@link EtcdConfigRebinding}).
 * Spring Cloud's {@link ConfigurationPropertiesRebinder} rebinds every bean on each
 * {@code EnvironmentChangeEvent} from the application context; here only the concerned
 * beans are. Like Spring Cloud's rebinder, beans listed in
 * {@code spring.cloud.refresh.never-refreshable} are left alone.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdConfigBeans {

	private static final Log logger = LogFactory.getLog(EtcdConfigBeans.class);

	static final String NEVER_REFRESHABLE_PROPERTY = "spring.cloud.refresh.never-refreshable";

	private final ConfigurableApplicationContext context;

	private final @Nullable ConfigurationPropertiesRebinder rebinder;

	private volatile List<Target> targets = List.of();

	// Singletons already looked at, and their number then: guarded by this.
	private final Set<String> seen = new HashSet<>();

	private int singletonCount = -1;

	EtcdConfigBeans(ConfigurableApplicationContext context, @Nullable ConfigurationPropertiesRebinder rebinder) {
		this.context = context;
		this.rebinder = rebinder;
	}

	/**
	 * Find the beans once the context is ready; warn once about those that cannot be
	 * rebound.
	 */
	void discover() {
		refresh();
	}

	/**
	 * Add the {@code @ConfigurationProperties} beans created since the last look. Only
	 * existing singletons are considered, so a lazy bean stays lazy until the application
	 * first uses it; it is found at the next change after that. Nothing is looked at
	 * while the number of singletons is unchanged, which keeps this cheap enough to run
	 * before every change (a singleton destroyed and another created in between go
	 * unnoticed until the number moves again).
	 * @return the beans found now
	 */
	private synchronized List<Target> refresh() {
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		int count = beanFactory.getSingletonCount();
		if (count == this.singletonCount) {
			return List.of();
		}
		this.singletonCount = count;
		List<Target> found = new ArrayList<>();
		for (String name : beanFactory.getSingletonNames()) {
			if (!this.seen.add(name)) {
				continue;
			}
			Target target = target(beanFactory, name);
			if (target != null) {
				found.add(target);
			}
		}
		if (!found.isEmpty()) {
			List<Target> all = new ArrayList<>(this.targets);
			all.addAll(found);
			this.targets = List.copyOf(all);
		}
		return found;
	}

	private @Nullable Target target(ConfigurableListableBeanFactory beanFactory, String name) {
		ConfigurationPropertiesBean bean;
		try {
			Object instance = beanFactory.getSingleton(name);
			bean = (instance != null) ? ConfigurationPropertiesBean.get(this.context, instance, name) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (bean == null || name.startsWith("scopedTarget.") || isRefreshScoped(beanFactory, name)) {
			return null;
		}
		Bindable<?> bindable = bean.asBindTarget();
		boolean valueObject = bindable.getBindMethod() == BindMethod.VALUE_OBJECT;
		ConfigurationProperties annotation = bean.getAnnotation();
		Target target = new Target(name, ConfigurationPropertyName.of(annotation.prefix()),
				AopUtils.getTargetClass(bean.getInstance()), bindable, annotation, valueObject);
		if (valueObject) {
			logger.warn("@ConfigurationProperties bean '" + name + "' (" + target.type().getName() + ", prefix '"
					+ annotation.prefix() + "') is immutable (constructor-bound or a record), so changes made in "
					+ "etcd cannot be rebound into it. Annotate its @Bean method or class with @RefreshScope, "
					+ "or restart the application to apply changes under '" + annotation.prefix() + "'.");
		}
		return target;
	}

	private static boolean isRefreshScoped(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		return "refresh".equals(definition.getScope());
	}

	/**
	 * Return the beans whose prefix covers one of the names.
	 * @param names changed property names
	 * @return the concerned beans
	 */
	List<Target> concernedBy(Collection<String> names) {
		refresh();
		return concerned(this.targets, names);
	}

	/**
	 * Return the beans created since the last look whose prefix covers one of the names.
	 * Such a bean was created while a change was being applied, so it may have bound the
	 * configuration from before the change.
	 * @param names changed property names
	 * @return the concerned beans
	 */
	List<Target> newlyConcernedBy(Collection<String> names) {
		return concerned(refresh(), names);
	}

	private static List<Target> concerned(List<Target> targets, Collection<String> names) {
		List<ConfigurationPropertyName> changed = new ArrayList<>(names.size());
		for (String name : names) {
			ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
			if (!adapted.isEmpty()) {
				changed.add(adapted);
			}
		}
		List<Target> concerned = new ArrayList<>();
		for (Target target : targets) {
			for (ConfigurationPropertyName name : changed) {
				if (target.prefix().isEmpty() || target.prefix().equals(name) || target.prefix().isAncestorOf(name)) {
					concerned.add(target);
					break;
				}
			}
		}
		return concerned;
	}

	/**
	 * Return Spring Cloud's rebinder.
	 * @return the rebinder, or {@code null} when there is none
	 */
	@Nullable ConfigurationPropertiesRebinder rebinder() {
		return this.rebinder;
	}

	/**
	 * Return the class and bean names Spring Cloud never rebinds.
	 * @return the names
	 */
	Set<String> neverRefreshable() {
		if (this.rebinder != null) {
			return this.rebinder.getNeverRefreshable();
		}
		// The same property and default as Spring Cloud's rebinder, which is absent here.
		return StringUtils.commaDelimitedListToSet(this.context.getEnvironment()
			.getProperty(NEVER_REFRESHABLE_PROPERTY, "com.zaxxer.hikari.HikariDataSource"));
	}

	/**
	 * A {@code @ConfigurationProperties} bean.
	 *
	 * @param name the bean name
	 * @param prefix its prefix
	 * @param type its class
	 * @param bindable how Boot binds it
	 * @param annotation its annotation
	 * @param valueObject whether it is immutable
	 */
	record Target(String name, ConfigurationPropertyName prefix, Class<?> type, Bindable<?> bindable,
			ConfigurationProperties annotation, boolean valueObject) {

		/**
		 * Whether the bean's class or name is listed, as Spring Cloud's rebinder matches
		 * {@code spring.cloud.refresh.never-refreshable}.
		 * @param names class and bean names
		 * @return whether it is listed
		 */
		boolean isListedIn(Set<String> names) {
			return names.contains(this.type.getName()) || names.contains(this.name);
		}

	}

}
