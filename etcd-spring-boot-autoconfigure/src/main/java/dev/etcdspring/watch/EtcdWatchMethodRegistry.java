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

package dev.etcdspring.watch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.etcdspring.client.EtcdClient;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.context.SmartLifecycle;

/**
 * The {@link EtcdWatch @EtcdWatch} methods of the application. Their watches start when
 * the application context starts (after every singleton is ready) and stop when it stops;
 * a method of a bean created later, such as a {@code @RefreshScope} bean, starts watching
 * at once and stops when its bean is destroyed. When etcd cannot be reached at start, the
 * watch is retried in the background, with the client's retry policy, until it can be
 * created.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdWatchMethodRegistry implements SmartLifecycle {

	private final Supplier<EtcdClient> client;

	private final List<EtcdWatchMethod> methods = new CopyOnWriteArrayList<>();

	private final List<Consumer<EtcdWatchMethod>> registrationListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<EtcdWatchMethod>> unregistrationListeners = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private volatile boolean running;

	/**
	 * Create a registry.
	 * @param client supplies the client the watches are created with, on first start
	 */
	public EtcdWatchMethodRegistry(Supplier<EtcdClient> client) {
		this.client = client;
	}

	/**
	 * Return the registered methods.
	 * @return the methods, in registration order
	 */
	public List<EtcdWatchMethod> methods() {
		return List.copyOf(this.methods);
	}

	/**
	 * Call {@code listener} for every method registered so far and every one registered
	 * later.
	 * @param listener the listener, e.g. one that registers meters
	 */
	public void onRegistration(Consumer<EtcdWatchMethod> listener) {
		this.registrationListeners.add(listener);
		this.methods.forEach(listener);
	}

	/**
	 * Call {@code listener} for every method unregistered later, when its bean is
	 * destroyed (e.g. a {@code @RefreshScope} bean being refreshed).
	 * @param listener the listener, e.g. one that removes meters
	 */
	public void onUnregistration(Consumer<EtcdWatchMethod> listener) {
		this.unregistrationListeners.add(listener);
	}

	void register(EtcdWatchMethod method) {
		this.methods.add(method);
		this.registrationListeners.forEach((listener) -> listener.accept(method));
		if (this.running) {
			method.start(this.client.get());
		}
	}

	boolean isRegistered(Object bean) {
		return this.methods.stream().anyMatch((method) -> isSameBean(method.bean(), bean));
	}

	private static boolean isSameBean(Object registered, Object bean) {
		// Destruction sees the raw bean; registration may have seen a proxy of it.
		return registered == bean || AopProxyUtils.getSingletonTarget(registered) == bean;
	}

	void unregister(Object bean) {
		for (EtcdWatchMethod method : this.methods) {
			if (isSameBean(method.bean(), bean)) {
				this.methods.remove(method);
				method.stop();
				this.unregistrationListeners.forEach((listener) -> listener.accept(method));
			}
		}
	}

	@Override
	public void start() {
		synchronized (this.lock) {
			if (this.running) {
				return;
			}
			this.running = true;
		}
		EtcdClient client = this.client.get();
		this.methods.forEach((method) -> method.start(client));
	}

	@Override
	public void stop() {
		synchronized (this.lock) {
			this.running = false;
		}
		this.methods.forEach(EtcdWatchMethod::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
