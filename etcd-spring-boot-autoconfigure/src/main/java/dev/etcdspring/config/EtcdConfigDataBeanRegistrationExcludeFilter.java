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

import org.springframework.beans.factory.aot.BeanRegistrationExcludeFilter;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * Leaves the beans the {@code etcd:} import promotes from the bootstrap context out of
 * ahead-of-time processing. They wrap instances that exist only while the application
 * starts, so no code can be generated for them; the import promotes them again when an
 * ahead-of-time processed application starts, as it does on every start.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdConfigDataBeanRegistrationExcludeFilter implements BeanRegistrationExcludeFilter {

	@Override
	public boolean isExcludedFromAotProcessing(RegisteredBean registeredBean) {
		return EtcdConfigDataLocationResolver.CONNECTION_DETAILS_BEAN_NAME.equals(registeredBean.getBeanName())
				&& registeredBean.getMergedBeanDefinition().getInstanceSupplier() != null;
	}

}
