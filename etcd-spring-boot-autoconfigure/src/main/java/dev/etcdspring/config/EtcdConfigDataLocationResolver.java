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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientFactory;
import dev.etcdspring.client.EtcdConnectionDetails;
import dev.etcdspring.client.EtcdProperties;
import dev.etcdspring.client.PropertiesEtcdConnectionDetails;
import io.etcd.jetcd.Client;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.ssl.JksSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PropertiesSslBundle;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.bootstrap.BootstrapContext;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/**
 * Resolves {@code etcd:} locations of {@code spring.config.import}: {@code etcd:} (the
 * automatic contexts for the application and every active profile),
 * {@code etcd:host:port} (the same with other endpoints) and {@code etcd:/ctx1;/ctx2}
 * (explicit contexts).
 * <p>
 * It binds {@code etcd.*} once, with the {@link BindHandler} of the bootstrap context if
 * there is one (Spring Cloud's decryption of {@code {cipher}} values registers one), and
 * registers, in the bootstrap context, the {@link EtcdConnectionDetails} and the one
 * {@link EtcdClient} the loader uses. When the bootstrap context closes, both are
 * promoted into the application context, so the client auto-configuration backs off, the
 * watch uses the same connection, and every bean describes the endpoints actually used
 * (those of {@code etcd:host:port} when the location names them). The connection details
 * are a fallback bean: an application's own {@link EtcdConnectionDetails} bean is
 * injected instead.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigDataLocationResolver implements ConfigDataLocationResolver<EtcdConfigDataResource>, Ordered {

	/**
	 * The location prefix.
	 */
	public static final String PREFIX = "etcd:";

	/**
	 * Name of the {@link EtcdClient} bean promoted from the bootstrap context.
	 */
	public static final String CLIENT_BEAN_NAME = "etcdClient";

	/**
	 * Name of the jetcd {@link Client} bean promoted from the bootstrap context.
	 */
	public static final String JETCD_CLIENT_BEAN_NAME = "etcdJetcdClient";

	/**
	 * Name of the {@link EtcdConfigState} bean promoted from the bootstrap context.
	 */
	public static final String STATE_BEAN_NAME = "etcdConfigState";

	/**
	 * Name of the {@link EtcdConnectionDetails} bean promoted from the bootstrap context.
	 */
	public static final String CONNECTION_DETAILS_BEAN_NAME = "etcdConfigDataConnectionDetails";

	@Override
	public int getOrder() {
		return -1;
	}

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(PREFIX);
	}

	@Override
	public List<EtcdConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		// Everything is resolved once profiles are known.
		return List.of();
	}

	@Override
	public List<EtcdConfigDataResource> resolveProfileSpecific(ConfigDataLocationResolverContext resolverContext,
			ConfigDataLocation location, Profiles profiles) {
		Binder binder = resolverContext.getBinder();
		BindHandler bindHandler = resolverContext.getBootstrapContext().getOrElse(BindHandler.class, null);
		EtcdConfigProperties config = binder
			.bind(EtcdConfigProperties.PREFIX, Bindable.of(EtcdConfigProperties.class), bindHandler)
			.orElseGet(EtcdConfigProperties::new);
		if (!config.isEnabled()) {
			return List.of();
		}
		EtcdProperties etcd = binder.bind("etcd", Bindable.of(EtcdProperties.class), bindHandler)
			.orElseGet(EtcdProperties::new);
		String spec = location.getNonPrefixedValue(PREFIX).trim();
		boolean explicit = spec.startsWith("/");
		if (!explicit && StringUtils.hasText(spec)) {
			// Without a scheme, TLS follows etcd.ssl.bundle.
			String scheme = StringUtils.hasText(etcd.getSsl().getBundle()) ? "https://" : "http://";
			etcd.setEndpoints(List.of(spec.contains("://") ? spec : scheme + spec));
		}
		boolean optional = location.isOptional() || !config.isFailFast();
		List<EtcdConfigDataResource> resources = new ArrayList<>();
		if (explicit) {
			for (String path : spec.split(";")) {
				if (StringUtils.hasText(path)) {
					resources.add(resource(config, trimSlash(path.trim()), null, optional, location));
				}
			}
		}
		else {
			String name = StringUtils.hasText(config.getName()) ? config.getName()
					: binder.bind("spring.application.name", Bindable.of(String.class), bindHandler)
						.orElse("application");
			String root = trimSlash(config.getPrefix());
			List<String> accepted = profiles.getAccepted();
			for (String base : List.of(config.getDefaultContext(), name)) {
				resources.add(resource(config, root + "/" + base, null, optional, location));
				for (String profile : accepted) {
					resources.add(resource(config, root + "/" + base + config.getProfileSeparator() + profile, profile,
							optional, location));
				}
			}
		}
		EtcdConfigState state = register(resolverContext.getBootstrapContext(), config, etcd, binder, bindHandler);
		// Boot resolves every location of an import before it loads any, so the loader
		// knows which contexts a non-optional import needs, whatever the load order.
		resources.stream()
			.map(EtcdConfigDataResource::getContext)
			.filter((context) -> !context.optional())
			.forEach((context) -> state.require(context.path(), location.toString()));
		return resources;
	}

	private EtcdConfigDataResource resource(EtcdConfigProperties config, String path, @Nullable String profile,
			boolean optional, ConfigDataLocation location) {
		EtcdConfigContext context = new EtcdConfigContext(path, config.getFormat(), config.getDataKey(), optional,
				config.isResolvePlaceholders());
		return new EtcdConfigDataResource(context, profile, location.toString());
	}

	private static String trimSlash(String path) {
		String trimmed = StringUtils.trimTrailingCharacter(path, '/');
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

	private EtcdConfigState register(ConfigurableBootstrapContext bootstrap, EtcdConfigProperties config,
			EtcdProperties etcd, Binder binder, @Nullable BindHandler bindHandler) {
		boolean first = !bootstrap.isRegistered(EtcdConfigState.class);
		bootstrap.registerIfAbsent(EtcdConfigState.class, InstanceSupplier.of(new EtcdConfigState()));
		bootstrap.registerIfAbsent(EtcdConfigProperties.class, InstanceSupplier.of(config));
		bootstrap.registerIfAbsent(EtcdConnectionDetails.class, InstanceSupplier
			.from(() -> new PropertiesEtcdConnectionDetails(etcd, sslBundles(bootstrap, etcd, binder, bindHandler))));
		bootstrap.registerIfAbsent(EtcdClient.class,
				InstanceSupplier.from(() -> clientFactory(bootstrap, etcd).createClient()));
		if (first) {
			bootstrap.addCloseListener(EtcdConfigDataLocationResolver::promote);
		}
		return bootstrap.get(EtcdConfigState.class);
	}

	private static EtcdClientFactory clientFactory(BootstrapContext bootstrap, EtcdProperties etcd) {
		if (bootstrap.isRegistered(EtcdClientFactory.class)) {
			return bootstrap.get(EtcdClientFactory.class);
		}
		return new EtcdClientFactory(bootstrap.get(EtcdConnectionDetails.class), etcd, List.of());
	}

	/**
	 * SSL bundle beans do not exist yet while configuration is loaded. Use bundles
	 * registered in the bootstrap context if there are any, otherwise build the named
	 * bundle from its {@code spring.ssl.bundle.pem|jks.*} properties.
	 */
	private static @Nullable SslBundles sslBundles(BootstrapContext bootstrap, EtcdProperties etcd, Binder binder,
			@Nullable BindHandler bindHandler) {
		if (bootstrap.isRegistered(SslBundles.class)) {
			return bootstrap.get(SslBundles.class);
		}
		String name = etcd.getSsl().getBundle();
		if (!StringUtils.hasText(name)) {
			return null;
		}
		SslProperties.Bundles bundles = binder
			.bind("spring.ssl.bundle", Bindable.of(SslProperties.Bundles.class), bindHandler)
			.orElseGet(SslProperties.Bundles::new);
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		PemSslBundleProperties pem = bundles.getPem().get(name);
		JksSslBundleProperties jks = bundles.getJks().get(name);
		if (pem != null) {
			registry.registerBundle(name, PropertiesSslBundle.get(pem));
		}
		else if (jks != null) {
			registry.registerBundle(name, PropertiesSslBundle.get(jks));
		}
		return registry;
	}

	private static void promote(BootstrapContextClosedEvent event) {
		BootstrapContext bootstrap = event.getBootstrapContext();
		ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
		EtcdConfigState state = bootstrap.get(EtcdConfigState.class);
		if (state.contexts().isEmpty()) {
			return;
		}
		if (!beanFactory.containsSingleton(STATE_BEAN_NAME)) {
			beanFactory.registerSingleton(STATE_BEAN_NAME, state);
		}
		EtcdClient client = bootstrap.get(EtcdClient.class);
		if (!beanFactory.containsSingleton(CLIENT_BEAN_NAME)) {
			beanFactory.registerSingleton(CLIENT_BEAN_NAME, client);
			if (client instanceof DefaultEtcdClient closeable
					&& beanFactory instanceof DefaultSingletonBeanRegistry registry) {
				registry.registerDisposableBean(CLIENT_BEAN_NAME, closeable::close);
			}
		}
		if (!beanFactory.containsSingleton(JETCD_CLIENT_BEAN_NAME)) {
			beanFactory.registerSingleton(JETCD_CLIENT_BEAN_NAME, client.jetcd());
		}
		// A client from an EtcdClientFactory of the bootstrap registry was not built from
		// these details: the auto-configuration then describes etcd.* as before.
		if (!bootstrap.isRegistered(EtcdClientFactory.class) && beanFactory instanceof BeanDefinitionRegistry registry
				&& !registry.containsBeanDefinition(CONNECTION_DETAILS_BEAN_NAME)) {
			registry.registerBeanDefinition(CONNECTION_DETAILS_BEAN_NAME,
					fallback(bootstrap.get(EtcdConnectionDetails.class)));
		}
	}

	/**
	 * A bean definition of an existing instance that backs the auto-configuration's
	 * definition off but yields to any other bean of its type, so an application's own
	 * {@link EtcdConnectionDetails} bean is not made ambiguous.
	 */
	@SuppressWarnings("unchecked")
	private static <T> RootBeanDefinition fallback(T instance) {
		RootBeanDefinition definition = new RootBeanDefinition((Class<T>) instance.getClass(), () -> instance);
		definition.setFallback(true);
		return definition;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + Arrays.asList(PREFIX);
	}

}
