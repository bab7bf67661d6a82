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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.Scope;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertySourceInfo;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Which property names each {@code @RefreshScope} bean read while it was created, so that
 * a change re-creates only the beans that used a changed name.
 * <p>
 * Two hooks, both installed before any bean is created: the {@code refresh} scope is
 * decorated so that creating one of its beans marks the current thread, and an empty
 * property source placed before all others notes every name looked up on a marked thread
 * ({@code @Value}, {@code Environment.getProperty} and {@code @ConfigurationProperties}
 * binding all ask every property source in order until one has the name, so the first one
 * sees them all, whichever source the value came from or whether it exists at all). After
 * the bean is created, the beans it was given are noted too (its bean factory
 * dependencies, and theirs), so that rebinding a {@code @ConfigurationProperties} bean
 * among them concerns it as well, and its own prefix when it is one. Spring Cloud's
 * {@code RefreshScope} still creates, caches, locks and destroys the beans; nothing else
 * changes.
 * <p>
 * The property source shows in {@code /actuator/env} as an empty source named
 * {@value #PROPERTY_SOURCE_NAME}. Looking a name up on any other thread costs one
 * {@code ThreadLocal} read.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdConfigRefreshScopeReads implements BeanFactoryPostProcessor, ApplicationContextAware, DisposableBean {

	static final String PROPERTY_SOURCE_NAME = "etcdRefreshScopeReads";

	private static final String SCOPE_NAME = "refresh";

	// Only threads creating a bean have one: every other lookup costs one get().
	private final ThreadLocal<@Nullable Deque<Creation>> creations = new ThreadLocal<>();

	private final Map<String, Reads> reads = new ConcurrentHashMap<>();

	private final ReadsPropertySource propertySource = new ReadsPropertySource(this);

	private @Nullable ConfigurableApplicationContext context;

	@Override
	public void setApplicationContext(ApplicationContext context) throws BeansException {
		this.context = (context instanceof ConfigurableApplicationContext configurable) ? configurable : null;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		Scope scope = beanFactory.getRegisteredScope(SCOPE_NAME);
		if (scope == null || scope instanceof RecordingScope || this.context == null) {
			return;
		}
		beanFactory.registerScope(SCOPE_NAME, new RecordingScope(scope, this, beanFactory));
		MutablePropertySources sources = this.context.getEnvironment().getPropertySources();
		PropertySource<?> first = sources.stream().findFirst().orElse(null);
		if (first != null && ConfigurationPropertySources.isAttachedConfigurationPropertySource(first)) {
			sources.addAfter(first.getName(), this.propertySource);
		}
		else {
			sources.addFirst(this.propertySource);
		}
	}

	/**
	 * Return the beans, of those named, that read one of the changed names when they were
	 * created, depend on one of the concerned {@code @ConfigurationProperties} beans, or
	 * were not seen being created (created before the hooks were installed, or failed
	 * while being created).
	 * @param beanNames the {@code @RefreshScope} bean names
	 * @param changed the changed property names
	 * @param concernedProperties the names of the {@code @ConfigurationProperties} beans
	 * the change concerns
	 * @return the beans to re-create
	 */
	List<String> concerned(Collection<String> beanNames, Collection<String> changed,
			Collection<String> concernedProperties) {
		// Each changed name and its ancestors: a bean that read "a" (a map or an object
		// bound as a whole) uses "a.x" too.
		Set<ConfigurationPropertyName> affected = new HashSet<>();
		for (String name : changed) {
			for (ConfigurationPropertyName n = adapt(name); n != null && !n.isEmpty(); n = n.getParent()) {
				if (!affected.add(n)) {
					break;
				}
			}
		}
		List<String> concerned = new ArrayList<>();
		for (String beanName : beanNames) {
			Reads reads = this.reads.get(beanName);
			if (reads == null || !reads.complete() || reads.uses(affected, concernedProperties)) {
				concerned.add(beanName);
			}
		}
		return concerned;
	}

	/**
	 * Return what a bean read when it was last created.
	 * @param beanName the bean name
	 * @return what it read, or {@code null} when its creation was not seen
	 */
	@Nullable Reads readsOf(String beanName) {
		return this.reads.get(beanName);
	}

	private void read(String name) {
		Deque<Creation> current = this.creations.get();
		if (current == null) {
			return;
		}
		// a bean created while another is also counts for the outer one
		for (Creation creation : current) {
			creation.names().add(name);
		}
	}

	private Object create(String beanName, ObjectFactory<?> factory, ConfigurableListableBeanFactory beanFactory) {
		Deque<Creation> current = this.creations.get();
		if (current == null) {
			current = new ArrayDeque<>();
			this.creations.set(current);
		}
		Creation creation = new Creation(new LinkedHashSet<>());
		current.push(creation);
		Object bean = null;
		try {
			bean = factory.getObject();
			return bean;
		}
		finally {
			current.remove(creation);
			if (current.isEmpty()) {
				this.creations.remove();
			}
			this.reads.put(beanName, reads(beanName, creation, bean, beanFactory));
		}
	}

	private Reads reads(String beanName, Creation creation, @Nullable Object bean,
			ConfigurableListableBeanFactory beanFactory) {
		Set<ConfigurationPropertyName> names = new HashSet<>();
		for (String name : creation.names()) {
			ConfigurationPropertyName adapted = adapt(name);
			if (adapted != null && !adapted.isEmpty()) {
				names.add(adapted);
			}
		}
		if (bean == null) {
			return new Reads(Set.copyOf(names), Set.of(), false);
		}
		ConfigurationPropertyName prefix = ownPrefix(beanName, bean);
		if (prefix != null && !prefix.isEmpty()) {
			names.add(prefix);
		}
		return new Reads(Set.copyOf(names), dependencies(beanName, beanFactory), true);
	}

	/**
	 * Return the beans a bean was given, and theirs, and so on: a singleton it calls
	 * while it is created may hand it values of a {@code @ConfigurationProperties} bean
	 * of its own.
	 */
	private static Set<String> dependencies(String beanName, ConfigurableListableBeanFactory beanFactory) {
		Set<String> dependencies = new HashSet<>();
		Deque<String> next = new ArrayDeque<>(List.of(beanFactory.getDependenciesForBean(beanName)));
		while (!next.isEmpty()) {
			String dependency = next.pop();
			if (dependencies.add(dependency)) {
				next.addAll(List.of(beanFactory.getDependenciesForBean(dependency)));
			}
		}
		return Set.copyOf(dependencies);
	}

	private @Nullable ConfigurationPropertyName ownPrefix(String beanName, Object bean) {
		ConfigurableApplicationContext context = this.context;
		if (context == null) {
			return null;
		}
		try {
			ConfigurationPropertiesBean properties = ConfigurationPropertiesBean.get(context, bean, beanName);
			return (properties != null) ? adapt(properties.getAnnotation().prefix()) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable ConfigurationPropertyName adapt(String name) {
		try {
			return ConfigurationPropertyName.adapt(name, '.');
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@Override
	public void destroy() {
		if (this.context != null) {
			this.context.getEnvironment().getPropertySources().remove(PROPERTY_SOURCE_NAME);
		}
	}

	/**
	 * What a {@code @RefreshScope} bean read when it was last created.
	 *
	 * @param names the property names it looked up
	 * @param dependencies the beans it was given
	 * @param complete whether it was created (a creation that failed part way may not
	 * have read everything it will read)
	 */
	record Reads(Set<ConfigurationPropertyName> names, Set<String> dependencies, boolean complete) {

		boolean uses(Set<ConfigurationPropertyName> affected, Collection<String> concernedProperties) {
			for (ConfigurationPropertyName name : this.names) {
				if (affected.contains(name)) {
					return true;
				}
			}
			for (String properties : concernedProperties) {
				if (this.dependencies.contains(properties)) {
					return true;
				}
			}
			return false;
		}

	}

	private record Creation(Set<String> names) {

	}

	/**
	 * The {@code refresh} scope, noting what each bean reads while the scope creates it.
	 *
	 * @param delegate the scope
	 * @param reads where to note it
	 * @param beanFactory the bean factory
	 */
	private record RecordingScope(Scope delegate, EtcdConfigRefreshScopeReads reads,
			ConfigurableListableBeanFactory beanFactory) implements Scope {

		@Override
		public Object get(String name, ObjectFactory<?> objectFactory) {
			return this.delegate.get(name, () -> this.reads.create(name, objectFactory, this.beanFactory));
		}

		@Override
		public @Nullable Object remove(String name) {
			return this.delegate.remove(name);
		}

		@Override
		public void registerDestructionCallback(String name, Runnable callback) {
			this.delegate.registerDestructionCallback(name, callback);
		}

		@Override
		public @Nullable Object resolveContextualObject(String key) {
			return this.delegate.resolveContextualObject(key);
		}

		@Override
		public @Nullable String getConversationId() {
			return this.delegate.getConversationId();
		}

	}

	/**
	 * Holds no property; notes the names asked for on a thread creating a
	 * {@code @RefreshScope} bean. Enumerable (with no names) so that Boot's binder still
	 * knows it holds nothing below any prefix.
	 */
	private static final class ReadsPropertySource extends EnumerablePropertySource<Object>
			implements PropertySourceInfo {

		private static final String[] NO_NAMES = {};

		private final EtcdConfigRefreshScopeReads reads;

		ReadsPropertySource(EtcdConfigRefreshScopeReads reads) {
			super(PROPERTY_SOURCE_NAME, new Object());
			this.reads = reads;
		}

		@Override
		public String[] getPropertyNames() {
			return NO_NAMES;
		}

		@Override
		public boolean isImmutable() {
			return true; // its names never change, so Boot caches their (empty) mapping
		}

		@Override
		public @Nullable Object getProperty(String name) {
			this.reads.read(name);
			return null;
		}

		@Override
		public boolean containsProperty(String name) {
			this.reads.read(name);
			return false;
		}

	}

}
