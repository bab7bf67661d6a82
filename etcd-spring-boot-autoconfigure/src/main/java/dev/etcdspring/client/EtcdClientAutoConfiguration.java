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

package dev.etcdspring.client;

import io.etcd.jetcd.Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the etcd client: an {@link EtcdConnectionDetails}, a jetcd
 * {@link Client} and an {@link EtcdClient}, each backing off when the application defines
 * its own. A client created by the {@code etcd:} config data import is promoted into the
 * context, so these definitions back off for it too.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Client.class)
@EnableConfigurationProperties(EtcdProperties.class)
public final class EtcdClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(EtcdConnectionDetails.class)
	PropertiesEtcdConnectionDetails etcdConnectionDetails(EtcdProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesEtcdConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdClientFactory etcdClientFactory(EtcdConnectionDetails connectionDetails, EtcdProperties properties,
			ObjectProvider<EtcdClientBuilderCustomizer> customizers) {
		return new EtcdClientFactory(connectionDetails, properties, customizers.orderedStream().toList());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Client etcdJetcdClient(EtcdClientFactory factory) {
		return factory.createJetcdClient();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(EtcdClient.class)
	DefaultEtcdClient etcdClient(Client jetcdClient, EtcdClientFactory factory) {
		return factory.createClient(jetcdClient);
	}

}
