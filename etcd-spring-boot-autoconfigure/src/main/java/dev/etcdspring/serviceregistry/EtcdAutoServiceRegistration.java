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

package dev.etcdspring.serviceregistry;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistration;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.util.ClassUtils;

/**
 * Registers the application when it is ready to take traffic and deregisters it when it
 * stops: it follows Spring Boot's {@link ReadinessState} (registered on
 * {@code ACCEPTING_TRAFFIC}, removed on {@code REFUSING_TRAFFIC}, registered again when
 * it accepts traffic again) and, as a {@link SmartLifecycle} stopped just before the web
 * server's graceful shutdown, revokes the lease before the server stops taking requests.
 * The port is the web server's actual port unless one is configured.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdAutoServiceRegistration
		implements AutoServiceRegistration, SmartLifecycle, SmartApplicationListener, ApplicationEventPublisherAware {

	/**
	 * The lifecycle phase: one above the web server's graceful shutdown, so that
	 * deregistration happens before the server stops accepting requests (higher phases
	 * stop first).
	 */
	public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

	private static final Log logger = LogFactory.getLog(EtcdAutoServiceRegistration.class);

	private static final boolean WEB_SERVER_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.web.server.context.WebServerInitializedEvent",
			EtcdAutoServiceRegistration.class.getClassLoader());

	private final EtcdServiceRegistry registry;

	private final EtcdRegistration registration;

	private final boolean portConfigured;

	private final List<EtcdRegistrationCustomizer> customizers;

	private final Object lock = new Object();

	private boolean customized;

	private @Nullable ApplicationEventPublisher publisher;

	private volatile boolean registered;

	private volatile boolean running;

	/**
	 * Create a new instance.
	 * @param registry the registry
	 * @param registration this application's registration
	 * @param portConfigured whether the port was configured, rather than taken from the
	 * web server
	 * @param customizers customizers applied once before the first registration
	 */
	public EtcdAutoServiceRegistration(EtcdServiceRegistry registry, EtcdRegistration registration,
			boolean portConfigured, List<EtcdRegistrationCustomizer> customizers) {
		this.registry = registry;
		this.registration = registration;
		this.portConfigured = portConfigured;
		this.customizers = List.copyOf(customizers);
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return AvailabilityChangeEvent.class.isAssignableFrom(eventType)
				|| (WEB_SERVER_PRESENT && WebServerEvents.isWebServerInitialized(eventType));
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof AvailabilityChangeEvent<?> availability
				&& availability.getState() instanceof ReadinessState readiness) {
			if (readiness == ReadinessState.ACCEPTING_TRAFFIC) {
				register();
			}
			else {
				deregister();
			}
		}
		else if (WEB_SERVER_PRESENT && !this.portConfigured) {
			WebServerEvents.port(event).ifPresent(this.registration::setPort);
		}
	}

	/**
	 * Register the application unless it is registered already.
	 */
	public void register() {
		CompletableFuture<Void> firstAttempt;
		synchronized (this.lock) {
			if (this.registered) {
				return;
			}
			if (this.registration.getPort() <= 0) {
				logger.warn("Not registering " + this.registration.getServiceId()
						+ " in etcd: no port known (no web server, and etcd.registration.port is not set)");
				return;
			}
			if (!this.customized) {
				this.customizers.forEach((customizer) -> customizer.customize(this.registration));
				this.customized = true;
			}
			firstAttempt = this.registry.startRegistering(this.registration);
			this.registered = true;
		}
		// Waited for outside the lock: a shutdown arriving meanwhile deregisters at once,
		// which stops the attempt at its next step.
		this.registry.awaitFirstAttempt(this.registration, firstAttempt);
		// What Spring Cloud's own auto-registrations announce; its discovery health
		// indicator reports "not initialized" until it sees this.
		if (this.publisher != null && this.registered) {
			this.publisher.publishEvent(new InstanceRegisteredEvent<>(this, this.registration));
		}
	}

	/**
	 * Deregister the application if it is registered.
	 */
	public void deregister() {
		synchronized (this.lock) {
			if (!this.registered) {
				return;
			}
			this.registry.deregister(this.registration);
			this.registered = false;
		}
	}

	/**
	 * Return whether the application is registered (or being registered).
	 * @return whether registered
	 */
	public boolean isRegistered() {
		return this.registered;
	}

	/**
	 * Return this application's registration.
	 * @return the registration
	 */
	public EtcdRegistration getRegistration() {
		return this.registration;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		deregister();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Keeps the references to the optional web server module in one place.
	 */
	private static final class WebServerEvents {

		static boolean isWebServerInitialized(Class<?> eventType) {
			return WebServerInitializedEvent.class.isAssignableFrom(eventType);
		}

		static java.util.Optional<Integer> port(ApplicationEvent event) {
			if (event instanceof WebServerInitializedEvent initialized
					&& !"management".equals(initialized.getApplicationContext().getServerNamespace())) {
				return java.util.Optional.of(initialized.getWebServer().getPort());
			}
			return java.util.Optional.empty();
		}

	}

}
