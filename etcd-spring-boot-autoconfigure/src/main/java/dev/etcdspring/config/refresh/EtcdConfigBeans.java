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
import java.util.LinkedHashSet;
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
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.PropertySources;
import org.springframework.util.StringUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * The application's {@code @ConfigurationProperties} beans, seen from etcd: which ones a
 * change concerns, whether the changed configuration still binds and validates for them,
 * and rebinding exactly those.
 * <p>
 * Spring Cloud's {@link ConfigurationPropertiesRebinder} rebinds every bean on each
 * {@code EnvironmentChangeEvent} from the application context, and only after the
 * environment was changed, so a value that fails validation is already in force (and
 * half-bound into the bean) when the failure shows. Here candidates are bound against the
 * new property sources before anything is committed, by Boot's own binding (see
 * {@link EtcdConfigCandidateBinder}), and only the beans whose prefix covers a changed
 * name are rebound. Like Spring Cloud's rebinder, beans listed in
 * {@code spring.cloud.refresh.never-refreshable} are left alone.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdConfigBeans {

	private static final Log logger = LogFactory.getLog(EtcdConfigBeans.class);

	private static final String NEVER_REFRESHABLE_PROPERTY = "spring.cloud.refresh.never-refreshable";

	private final ConfigurableApplicationContext context;

	private final @Nullable ConfigurationPropertiesRebinder rebinder;

	private volatile List<Target> targets = List.of();

	// Singletons already looked at, and their number then: guarded by this.
	private final Set<String> seen = new HashSet<>();

	private int singletonCount = -1;

	private volatile List<String> refreshScoped = List.of();

	private volatile List<String> eagerRefreshScoped = List.of();

	private @Nullable EtcdConfigCandidateBinder candidateBinder;

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
		this.refreshScoped = List.copyOf(scoped);
		this.eagerRefreshScoped = List.copyOf(eager);
	}

	/**
	 * Return the names of the {@code @RefreshScope} beans (their scoped targets).
	 * @return the bean names
	 */
	List<String> refreshScoped() {
		return this.refreshScoped;
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

	/**
	 * Create the {@code @RefreshScope} beans again, on the applying thread, before the
	 * next change is committed. Left to be created lazily by the first caller, a bean
	 * that reads several properties while it is created could read some before and some
	 * after the next commit. Spring Cloud's scope creates a bean under a lock, so this
	 * also waits for a creation another thread already started.
	 */
	void recreateRefreshScoped() {
		recreateRefreshScoped(this.eagerRefreshScoped);
	}

	/**
	 * Create these {@code @RefreshScope} beans again, as {@link #recreateRefreshScoped()}
	 * does; lazy ones are left to their first use.
	 * @param names the bean names
	 */
	void recreateRefreshScoped(Collection<String> names) {
		for (String name : names) {
			if (!this.eagerRefreshScoped.contains(name)) {
				continue;
			}
			try {
				this.context.getBean(name);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not re-create @RefreshScope bean '" + name + "' after a configuration change", ex);
			}
		}
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
	 * Bind and validate a fresh instance of each bean against candidate property sources,
	 * exactly as Boot binds it at startup (see {@link EtcdConfigCandidateBinder}). Beans
	 * listed in {@code spring.cloud.refresh.never-refreshable} are not checked: they are
	 * not rebound either.
	 * @param targets the beans
	 * @param sources the candidate property sources
	 * @return the problem of the first bean that fails, or {@code null} when all bind
	 */
	@Nullable String check(List<Target> targets, PropertySources sources) {
		if (targets.isEmpty()) {
			return null;
		}
		Set<String> neverRefreshable = neverRefreshable();
		EtcdConfigCandidateBinder binder = candidateBinder();
		binder.use(sources);
		for (Target target : targets) {
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
				return "bean '" + target.name() + "' (prefix '" + target.annotation().prefix() + "'): " + describe(ex);
			}
		}
		return null;
	}

	private synchronized EtcdConfigCandidateBinder candidateBinder() {
		if (this.candidateBinder == null) {
			this.candidateBinder = new EtcdConfigCandidateBinder(this.context);
		}
		return this.candidateBinder;
	}

	/**
	 * Return the class and bean names Spring Cloud never rebinds.
	 * @return the names
	 */
	private Set<String> neverRefreshable() {
		if (this.rebinder != null) {
			return this.rebinder.getNeverRefreshable();
		}
		// The same property and default as Spring Cloud's rebinder, which is absent here.
		return StringUtils.commaDelimitedListToSet(this.context.getEnvironment()
			.getProperty(NEVER_REFRESHABLE_PROPERTY, "com.zaxxer.hikari.HikariDataSource"));
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

	/**
	 * Rebind the beans to the environment now in force.
	 * @param targets the beans
	 * @return the names of the beans rebound
	 */
	Set<String> rebind(List<Target> targets) {
		Set<String> rebound = new LinkedHashSet<>();
		Set<String> neverRefreshable = neverRefreshable();
		for (Target target : targets) {
			if (target.valueObject()) {
				continue;
			}
			if (target.isListedIn(neverRefreshable)) {
				logger.info("Not rebinding @ConfigurationProperties bean '" + target.name() + "' ("
						+ target.type().getName() + "): it is listed in " + NEVER_REFRESHABLE_PROPERTY
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
				logger.error("Rebinding '" + target.name() + "' to configuration from etcd failed: " + describe(ex));
			}
		}
		return rebound;
	}

	/**
	 * Close what checking candidates opened.
	 */
	synchronized void close() {
		if (this.candidateBinder != null) {
			this.candidateBinder.close();
			this.candidateBinder = null;
		}
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
