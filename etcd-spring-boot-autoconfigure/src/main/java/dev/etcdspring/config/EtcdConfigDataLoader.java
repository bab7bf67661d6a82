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

import java.util.List;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdAuthenticationException;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import org.apache.commons.logging.Log;

import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Loads one etcd context into a property source. A non-optional context that cannot be
 * read is retried with backoff and then fails startup; an optional one starts empty and
 * is filled once etcd is reachable.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigDataLoader implements ConfigDataLoader<EtcdConfigDataResource> {

	private final Log logger;

	/**
	 * Create a new loader.
	 * @param logFactory the deferred log factory Boot provides
	 */
	public EtcdConfigDataLoader(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EtcdConfigDataLoader.class);
	}

	@Override
	public ConfigData load(ConfigDataLoaderContext loaderContext, EtcdConfigDataResource resource) {
		ConfigurableBootstrapContext bootstrap = loaderContext.getBootstrapContext();
		EtcdConfigState state = bootstrap.get(EtcdConfigState.class);
		EtcdConfigProperties config = bootstrap.get(EtcdConfigProperties.class);
		EtcdConfigContext context = resource.getContext();
		state.addContext(context);
		if (!state.isUnreachable() && !state.content(context.path()).isRead()) {
			EtcdClient client = bootstrap.get(EtcdClient.class);
			try {
				state.loaded(context.path(), read(client, context, config, resource));
			}
			catch (EtcdConfigLoadException ex) {
				if (client instanceof DefaultEtcdClient closeable) {
					closeable.close();
				}
				throw ex;
			}
			catch (EtcdException ex) {
				state.setUnreachable(true);
				this.logger.warn("etcd at " + client.endpoints() + " is unreachable; starting without its "
						+ "configuration for '" + resource.getLocation() + "', applied once etcd is reachable: "
						+ ex.getMessage());
			}
		}
		EtcdConfigPropertySource source = new EtcdConfigPropertySource(context, state);
		return (resource.getProfile() != null)
				? new ConfigData(List.of(source), ConfigData.Option.IGNORE_IMPORTS, ConfigData.Option.PROFILE_SPECIFIC)
				: new ConfigData(List.of(source), ConfigData.Option.IGNORE_IMPORTS);
	}

	private EtcdConfigContextData read(EtcdClient client, EtcdConfigContext context, EtcdConfigProperties config,
			EtcdConfigDataResource resource) {
		if (context.optional()) {
			return EtcdConfigReader.read(client, context, this.logger::warn);
		}
		EtcdConfigProperties.Retry retry = config.getRetry();
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Math.max(0, retry.getMaxAttempts() - 1))
			.delay(retry.getInitialInterval())
			.multiplier(retry.getMultiplier())
			.maxDelay(retry.getMaxInterval())
			.includes(EtcdException.class)
			// Credentials that etcd rejected will not become right by trying again.
			.excludes(EtcdAuthenticationException.class)
			.build();
		RetryTemplate template = new RetryTemplate(policy);
		template.setRetryListener(new RetryListener() {

			@Override
			public void onRetryFailure(RetryPolicy retryPolicy, Retryable<?> retryable, Throwable failure) {
				EtcdConfigDataLoader.this.logger.info("Reading " + context.path() + " from etcd at "
						+ client.endpoints() + " failed again (" + failure.getMessage() + ")");
			}

		});
		try {
			return template.execute(() -> EtcdConfigReader.read(client, context, this.logger::warn));
		}
		catch (RetryException ex) {
			if (!(ex.getLastException() instanceof EtcdException last)) {
				throw new IllegalStateException("Reading " + context.path() + " from etcd failed", ex);
			}
			throw new EtcdConfigLoadException(client.endpoints(), resource.getLocation(), context.path(),
					ex.getRetryCount() + 1, last);
		}
	}

}
