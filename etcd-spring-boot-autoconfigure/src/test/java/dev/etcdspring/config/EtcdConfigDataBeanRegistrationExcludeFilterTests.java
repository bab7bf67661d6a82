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

import dev.etcdspring.client.EtcdConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationExcludeFilter;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The connection details the {@code etcd:} import promotes wrap an instance that exists
 * only while the application starts: {@link EtcdConfigDataBeanRegistrationExcludeFilter}
 * leaves them out of AOT processing, which cannot generate code for them.
 */
class EtcdConfigDataBeanRegistrationExcludeFilterTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final EtcdConfigDataBeanRegistrationExcludeFilter filter = new EtcdConfigDataBeanRegistrationExcludeFilter();

	@Test
	void promotedConnectionDetailsAreExcluded() {
		EtcdConnectionDetails details = mock(EtcdConnectionDetails.class);
		this.beanFactory.registerBeanDefinition(EtcdConfigDataLocationResolver.CONNECTION_DETAILS_BEAN_NAME,
				new RootBeanDefinition(EtcdConnectionDetails.class, () -> details));
		assertThat(this.filter.isExcludedFromAotProcessing(
				RegisteredBean.of(this.beanFactory, EtcdConfigDataLocationResolver.CONNECTION_DETAILS_BEAN_NAME)))
			.isTrue();
	}

	@Test
	void otherBeansAreProcessed() {
		this.beanFactory.registerBeanDefinition("etcdConnectionDetails",
				new RootBeanDefinition(EtcdConnectionDetails.class, () -> mock(EtcdConnectionDetails.class)));
		this.beanFactory.registerBeanDefinition("other", new RootBeanDefinition(Object.class));
		assertThat(
				this.filter.isExcludedFromAotProcessing(RegisteredBean.of(this.beanFactory, "etcdConnectionDetails")))
			.isFalse();
		assertThat(this.filter.isExcludedFromAotProcessing(RegisteredBean.of(this.beanFactory, "other"))).isFalse();
	}

	@Test
	void filterAndHintsAreRegisteredInAotFactories() {
		AotServices.Loader loader = AotServices.factories(getClass().getClassLoader());
		assertThat(loader.load(BeanRegistrationExcludeFilter.class).asList())
			.anyMatch(EtcdConfigDataBeanRegistrationExcludeFilter.class::isInstance);
		assertThat(loader.load(RuntimeHintsRegistrar.class).asList())
			.extracting((registrar) -> registrar.getClass().getName())
			.contains("dev.etcdspring.client.EtcdMemberStatusReaderRuntimeHints",
					EtcdConfigDataRuntimeHints.class.getName(),
					"dev.etcdspring.discovery.EtcdServiceInstanceRuntimeHints");
	}

}
