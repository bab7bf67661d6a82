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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor;
import org.springframework.boot.context.properties.ConstructorBound;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySources;

/**
 * Binds fresh {@code @ConfigurationProperties} candidates against property sources that
 * are not in force yet, with Spring Boot's own binding.
 * <p>
 * Boot's {@code ConfigurationPropertiesBinder} is package-private and binds against the
 * environment of the context it belongs to, so it cannot be handed other property
 * sources. Rather than copying its setup (the {@code @ConfigurationPropertiesBinding}
 * converters and formatters, the {@code conversionService} bean, the
 * {@code configurationPropertiesValidator}, JSR-303 for {@code @Validated} on the class
 * or the {@code @Bean} method, self-validating properties, {@code ignoreInvalidFields},
 * {@code ignoreUnknownFields}, {@code ConfigurationPropertiesBindHandlerAdvisor} beans,
 * custom property editors), which would drift from Boot's, this keeps a small context of
 * its own: its environment holds the candidate property sources, its bean factory's
 * parent is the application's (so Boot finds the application's converters, validator and
 * advisors there), and Boot's own {@link ConfigurationPropertiesBindingPostProcessor} and
 * {@link ConstructorBound} do the binding. The context has no parent context, so its
 * events never reach the application's listeners.
 * <p>
 * One thing is copied: Boot reads {@code @Validated} on a {@code @Bean} method from the
 * bean definition of that name, so an abstract definition carrying the application's
 * resolved factory method is registered here for each bean checked. Not thread-safe: the
 * apply thread alone uses it.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigCandidateBinder implements AutoCloseable {

	private final ConfigurableListableBeanFactory application;

	private final MutablePropertySources sources = new MutablePropertySources();

	private final GenericApplicationContext context;

	private final ConfigurationPropertiesBindingPostProcessor postProcessor;

	EtcdConfigCandidateBinder(ConfigurableApplicationContext application) {
		this.application = application.getBeanFactory();
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory(this.application);
		beanFactory.setBeanClassLoader(this.application.getBeanClassLoader());
		beanFactory.setConversionService(this.application.getConversionService());
		// Boot copies the bean factory's editors into each binding.
		beanFactory.addPropertyEditorRegistrar(this.application::copyRegisteredEditorsTo);
		this.context = new GenericApplicationContext(beanFactory);
		this.context.setDisplayName("etcd configuration candidates of " + application.getDisplayName());
		this.context.setClassLoader(application.getClassLoader());
		this.context.setEnvironment(new CandidateEnvironment(this.sources));
		ConfigurationPropertiesBindingPostProcessor.register(this.context);
		this.context.refresh();
		this.postProcessor = this.context.getBean(ConfigurationPropertiesBindingPostProcessor.BEAN_NAME,
				ConfigurationPropertiesBindingPostProcessor.class);
	}

	/**
	 * Use these property sources for the next bindings.
	 * @param candidate the property sources, in order
	 */
	void use(PropertySources candidate) {
		List<String> names = new ArrayList<>();
		this.sources.forEach((source) -> names.add(source.getName()));
		names.forEach(this.sources::remove);
		for (PropertySource<?> source : candidate) {
			this.sources.addLast(source);
		}
	}

	/**
	 * Bind a fresh instance of a mutable bean as Boot binds it at startup.
	 * @param target the bean
	 * @return whether a fresh instance could be created (a class without a default
	 * constructor cannot be checked)
	 * @throws RuntimeException when binding or validation fails
	 */
	boolean bindJavaBean(EtcdConfigBeans.Target target) {
		Object instance;
		try {
			instance = BeanUtils.instantiateClass(target.type());
		}
		catch (RuntimeException ex) {
			return false;
		}
		registerDefinition(target.name(), target.type());
		this.postProcessor.postProcessBeforeInitialization(instance, target.name());
		return true;
	}

	/**
	 * Create an immutable bean as Boot creates it at startup.
	 * @param target the bean
	 * @throws RuntimeException when binding or validation fails
	 */
	void bindValueObject(EtcdConfigBeans.Target target) {
		ConstructorBound.from(this.context.getBeanFactory(), target.name(), target.type());
	}

	private void registerDefinition(String name, Class<?> type) {
		if (this.context.containsBeanDefinition(name)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type);
		definition.setAbstract(true); // never instantiated here
		if (this.application.containsBeanDefinition(name)) {
			BeanDefinition original = this.application.getMergedBeanDefinition(name);
			for (String attribute : original.attributeNames()) {
				definition.setAttribute(attribute, original.getAttribute(attribute));
			}
			Method factoryMethod = (original instanceof RootBeanDefinition root) ? root.getResolvedFactoryMethod()
					: null;
			definition.setResolvedFactoryMethod(factoryMethod);
		}
		this.context.registerBeanDefinition(name, definition);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * An environment with exactly the candidate property sources.
	 */
	private static final class CandidateEnvironment extends AbstractEnvironment {

		CandidateEnvironment(MutablePropertySources sources) {
			super(sources);
		}

		@Override
		protected void customizePropertySources(MutablePropertySources propertySources) {
			// no system properties or environment variables of its own: the candidate
			// sources already hold the application's
		}

	}

}
