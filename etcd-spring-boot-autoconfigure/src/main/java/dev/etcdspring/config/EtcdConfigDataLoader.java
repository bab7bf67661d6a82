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
import java.util.Collections;
import java.util.List;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.config.EtcdConfigLoadException.Reason;
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
 * Loads one etcd context into a property source.
 * <p>
 * A required context (its import is not optional, or a non-optional import names it too)
 * that cannot be read fails startup with an {@link EtcdConfigLoadException}: an
 * unavailable etcd after the configured retries, anything else (credentials, permissions,
 * a response over the size limit, a malformed document) at once. An optional context
 * starts empty after one attempt and is filled once etcd can be read; a malformed
 * document fails startup for it too, since etcd's configuration is there but broken. An
 * optional context's failure never changes how a required one is read.
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
		boolean required = state.isRequired(context);
		if (!state.content(context.path()).isRead() && (required || !state.isSkippingOptionalReads())) {
			EtcdClient client = bootstrap.get(EtcdClient.class);
			try {
				state.loaded(context.path(), required ? readRequired(client, context, state, config, resource)
						: readOptional(client, context, resource));
			}
			catch (EtcdException ex) {
				optionalReadFailed(state, client, context, resource, ex);
			}
			catch (RuntimeException ex) {
				// Startup fails: the client is not promoted, so close it here.
				if (client instanceof DefaultEtcdClient closeable) {
					closeable.close();
				}
				throw ex;
			}
		}
		// Boot puts the last source of a ConfigData first; the parts of a large context
		// hold different keys, so their order only decides how they are listed.
		List<EtcdConfigPropertySource> sources = new ArrayList<>(EtcdConfigPropertySource.of(context, state));
		Collections.reverse(sources);
		return (resource.getProfile() != null)
				? new ConfigData(sources, ConfigData.Option.IGNORE_IMPORTS, ConfigData.Option.PROFILE_SPECIFIC)
				: new ConfigData(sources, ConfigData.Option.IGNORE_IMPORTS);
	}

	private EtcdConfigContextData readOptional(EtcdClient client, EtcdConfigContext context,
			EtcdConfigDataResource resource) {
		try {
			return EtcdConfigReader.read(client, context, this.logger::warn);
		}
		catch (EtcdConfigDocumentException ex) {
			throw new EtcdConfigLoadException(client.endpoints(), resource.getLocation(), context.path(), 1, ex);
		}
	}

	private EtcdConfigContextData readRequired(EtcdClient client, EtcdConfigContext context, EtcdConfigState state,
			EtcdConfigProperties config, EtcdConfigDataResource resource) {
		EtcdConfigProperties.Retry retry = config.getRetry();
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(Math.max(0, retry.getMaxAttempts() - 1))
			.delay(retry.getInitialInterval())
			.multiplier(retry.getMultiplier())
			.maxDelay(retry.getMaxInterval())
			// Only an unavailable etcd may come back: rejected credentials, a missing
			// permission, an oversized context or a malformed document stay as they are.
			.predicate((failure) -> failure instanceof EtcdException && Reason.of(failure).isTransient())
			.build();
		RetryTemplate template = new RetryTemplate(policy);
		template.setRetryListener(new RetryListener() {

			@Override
			public void onRetryFailure(RetryPolicy retryPolicy, Retryable<?> retryable, Throwable failure) {
				EtcdConfigDataLoader.this.logger.info("Reading " + context.path() + " from etcd at "
						+ EtcdConfigLoadException.displayEndpoints(client.endpoints()) + " failed again ("
						+ failure.getMessage() + ")");
			}

		});
		try {
			return template.execute(() -> EtcdConfigReader.read(client, context, this.logger::warn));
		}
		catch (RetryException ex) {
			Throwable last = ex.getLastException();
			if (last instanceof EtcdException || last instanceof EtcdConfigDocumentException) {
				// Name the import that made it required, also when an optional one that
				// names it too was loaded instead.
				String requiredBy = state.requiredBy(context.path());
				String location = (requiredBy != null) ? requiredBy : resource.getLocation();
				throw new EtcdConfigLoadException(client.endpoints(), location, context.path(), ex.getRetryCount() + 1,
						last);
			}
			if (last instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (last instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("Reading " + context.path() + " from etcd failed", last);
		}
	}

	private void optionalReadFailed(EtcdConfigState state, EtcdClient client, EtcdConfigContext context,
			EtcdConfigDataResource resource, EtcdException ex) {
		List<String> endpoints = EtcdConfigLoadException.displayEndpoints(client.endpoints());
		String without = "; starting without the configuration of '" + context.path() + "' (import '"
				+ resource.getLocation() + "')";
		switch (Reason.of(ex)) {
			case CREDENTIALS_REJECTED -> {
				// The same credentials would be rejected for every other context.
				state.skipOptionalReads();
				this.logger.warn("etcd at " + endpoints + " rejected the credentials (etcd.username, etcd.password)"
						+ without + " and of every other optional etcd context: " + ex.getMessage());
			}
			case PERMISSION_DENIED -> this.logger.warn("The etcd user (etcd.username) may not read '"
					+ context.keyPrefix() + "' at " + endpoints + without + ": " + ex.getMessage());
			case TOO_LARGE -> this.logger.warn("The configuration of '" + context.path() + "' is larger than "
					+ "etcd.max-inbound-message-size allows" + without + "; raise etcd.max-inbound-message-size: "
					+ ex.getMessage());
			default -> {
				state.skipOptionalReads();
				this.logger.warn("etcd at " + endpoints + " is unreachable; starting without its configuration for '"
						+ resource.getLocation() + "', applied once etcd is reachable: " + ex.getMessage());
			}
		}
	}

}
