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

package dev.etcdspring.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.etcdspring.client.EtcdBackgroundTask;
import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdException;
import dev.etcdspring.client.EtcdGetResult;
import dev.etcdspring.client.EtcdKeyValue;
import dev.etcdspring.client.EtcdSupervisedStatus;
import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.client.EtcdWatchListener;
import dev.etcdspring.client.EtcdWatchOptions;
import dev.etcdspring.client.EtcdWatchSubscription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The instances registered under the discovery prefix, held in memory. One prefix read
 * fills it when the bean is initialized (startup waits for it, within the request
 * timeout; when etcd cannot be reached it starts empty and keeps retrying in the
 * background with the client's retry policy), then a watch from the revision after that
 * read keeps it current. After a compaction, or when etcd's revisions went back (etcd
 * restored or replaced), it reads everything again and applies the difference.
 * <p>
 * Lookups never touch the network: {@link #getInstances(String)} returns the immutable
 * list prepared when its service last changed and allocates nothing. A change rebuilds
 * the list of the services it touches only; every other service keeps the same list
 * instance, so the cost of a change does not grow with the number of registrations. Each
 * list is replaced whole: a lookup never sees part of a change to its service. Changes to
 * several services in one transaction become visible service by service, all of them
 * before the {@link HeartbeatEvent}. Instances whose status is not {@code UP} are left
 * out. A value that is not a valid registration is skipped with a warning naming its key.
 * A {@link HeartbeatEvent} is published when, and only when, the set of instances
 * changed.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdServiceInstanceCache implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(EtcdServiceInstanceCache.class);

	private final EtcdClient client;

	private final String prefix;

	private final @Nullable ApplicationEventPublisher publisher;

	private final Object lock = new Object();

	/** Every valid registration by key, whatever its status; guarded by the lock. */
	private final Map<String, EtcdServiceInstance> instancesByKey = new HashMap<>();

	/** The same instances by service id, then key (for a stable order); guarded. */
	private final Map<String, TreeMap<String, EtcdServiceInstance>> index = new HashMap<>();

	/**
	 * The instances taking traffic, by service id, for the services that have some. Each
	 * list is immutable and replaced whole (under the lock) when its service changes.
	 */
	private final Map<String, List<ServiceInstance>> instancesByService = new ConcurrentHashMap<>();

	/**
	 * The sorted ids of {@link #instancesByService}, or {@code null} when a service
	 * appeared or disappeared since it was last sorted; written under the lock.
	 */
	private volatile @Nullable List<String> services = List.of();

	private volatile long revision;

	private volatile boolean loaded;

	private volatile boolean closed;

	private boolean started;

	private @Nullable EtcdBackgroundTask retry;

	private @Nullable EtcdWatchSubscription watch;

	/**
	 * Create a new instance.
	 * @param client the etcd client
	 * @param prefix the discovery prefix, see
	 * {@link EtcdDiscoveryProperties#normalizedPrefix()}
	 * @param publisher where to publish {@link HeartbeatEvent}s, or {@code null}
	 */
	public EtcdServiceInstanceCache(EtcdClient client, String prefix, @Nullable ApplicationEventPublisher publisher) {
		this.client = client;
		this.prefix = prefix + "/";
		this.publisher = publisher;
	}

	@Override
	public void afterPropertiesSet() {
		start();
	}

	/**
	 * Read the registrations and start watching them. When etcd cannot be reached the
	 * cache stays empty and the read is retried in the background.
	 */
	public void start() {
		synchronized (this.lock) {
			if (this.started || this.closed) {
				return;
			}
			this.started = true;
		}
		try {
			load();
		}
		catch (EtcdException ex) {
			// The client's supervision logs the failure and the recovery.
			EtcdBackgroundTask retry = this.client.retryInBackground(
					"first read of the registrations under " + this.prefix + " (discovery starts empty)", this::load,
					ex);
			synchronized (this.lock) {
				this.retry = retry;
				if (this.closed) {
					retry.close();
				}
			}
		}
	}

	private void load() {
		EtcdGetResult result = this.client.getPrefix(this.prefix);
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			replaceAll(result);
			// Deletes are found by key in the cache: no previous values needed.
			this.watch = this.client.watch(EtcdWatchOptions.prefix(this.prefix)
				.withoutPreviousValues()
				.fromRevision(result.revision() + 1)
				.describedAs("discovery watch"), new RegistrationListener());
			this.loaded = true;
		}
	}

	/**
	 * Return the instances of a service that take traffic, from memory.
	 * @param serviceId the service id
	 * @return an immutable list, empty when the service has no instance
	 */
	public List<ServiceInstance> getInstances(String serviceId) {
		List<ServiceInstance> instances = this.instancesByService.get(serviceId);
		return (instances != null) ? instances : List.of();
	}

	/**
	 * Return the ids of the services that have at least one instance taking traffic.
	 * @return an immutable sorted list
	 */
	public List<String> getServices() {
		List<String> services = this.services;
		if (services != null) {
			return services;
		}
		synchronized (this.lock) {
			// Sorted on demand, so that a service appearing costs its change nothing
			// more.
			services = this.services;
			if (services == null) {
				services = this.instancesByService.keySet().stream().sorted().toList();
				this.services = services;
			}
			return services;
		}
	}

	/**
	 * Return whether the first read of the registrations has succeeded.
	 * @return whether the cache reflects etcd
	 */
	public boolean isLoaded() {
		return this.loaded;
	}

	/**
	 * Return the etcd revision the cache reflects.
	 * @return the revision
	 */
	public long getRevision() {
		return this.revision;
	}

	/**
	 * Return the number of instances taking traffic, by service.
	 * @return the counts, sorted by service id
	 */
	public Map<String, Integer> getInstanceCounts() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (String service : getServices()) {
			counts.put(service, getInstances(service).size());
		}
		return counts;
	}

	/**
	 * Return the number of instances taking traffic across all services.
	 * @return the count
	 */
	public int getInstanceCount() {
		int count = 0;
		for (List<ServiceInstance> instances : this.instancesByService.values()) {
			count += instances.size();
		}
		return count;
	}

	/**
	 * Return the prefix watched, ending with a slash.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	private void replaceAll(EtcdGetResult result) {
		Map<String, TreeMap<String, EtcdServiceInstance>> previous = new HashMap<>(this.index);
		this.instancesByKey.clear();
		this.index.clear();
		for (EtcdKeyValue keyValue : result.keyValues()) {
			EtcdServiceInstance instance = parse(keyValue.key(), keyValue.value());
			if (instance != null) {
				add(instance);
			}
		}
		// Only the services whose registrations differ get a new list.
		Set<String> affected = new HashSet<>();
		previous.forEach((service, byKey) -> {
			if (!byKey.equals(this.index.get(service))) {
				affected.add(service);
			}
		});
		this.index.forEach((service, byKey) -> {
			if (!previous.containsKey(service)) {
				affected.add(service);
			}
		});
		this.revision = result.revision();
		if (!affected.isEmpty()) {
			publish(affected, result.revision());
		}
	}

	private void apply(List<EtcdWatchEvent> events) {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			Set<String> affected = new HashSet<>();
			long eventRevision = this.revision;
			for (EtcdWatchEvent event : events) {
				eventRevision = event.revision();
				EtcdServiceInstance instance = (event.type() == EtcdWatchEvent.Type.PUT)
						? parse(event.key(), event.value()) : null;
				EtcdServiceInstance previous = this.instancesByKey.get(event.key());
				if (instance != null && instance.equals(previous)) {
					continue;
				}
				if (previous != null) {
					remove(previous);
					affected.add(previous.getServiceId());
				}
				if (instance != null) {
					add(instance);
					affected.add(instance.getServiceId());
				}
			}
			this.revision = eventRevision;
			if (!affected.isEmpty()) {
				publish(affected, eventRevision);
			}
		}
	}

	private long reload(String reason) {
		EtcdGetResult result = this.client.getPrefix(this.prefix);
		synchronized (this.lock) {
			replaceAll(result);
		}
		logger.info(
				"Reloaded the registrations under " + this.prefix + " at revision " + result.revision() + " " + reason);
		return result.revision();
	}

	private void add(EtcdServiceInstance instance) {
		this.instancesByKey.put(instance.getKey(), instance);
		this.index.computeIfAbsent(instance.getServiceId(), (service) -> new TreeMap<>())
			.put(instance.getKey(), instance);
	}

	private void remove(EtcdServiceInstance instance) {
		this.instancesByKey.remove(instance.getKey());
		TreeMap<String, EtcdServiceInstance> byKey = this.index.get(instance.getServiceId());
		if (byKey != null) {
			byKey.remove(instance.getKey());
			if (byKey.isEmpty()) {
				this.index.remove(instance.getServiceId());
			}
		}
	}

	private void publish(Collection<String> affected, long atRevision) {
		rebuild(affected);
		ApplicationEventPublisher publisher = this.publisher;
		if (publisher != null && this.loaded) {
			publisher.publishEvent(new HeartbeatEvent(this, atRevision));
		}
	}

	private void rebuild(Collection<String> affected) {
		boolean servicesChanged = false;
		for (String service : affected) {
			TreeMap<String, EtcdServiceInstance> byKey = this.index.get(service);
			List<ServiceInstance> up = new ArrayList<>();
			if (byKey != null) {
				for (EtcdServiceInstance instance : byKey.values()) {
					if (instance.getPayload().isUp()) {
						up.add(instance);
					}
				}
			}
			if (up.isEmpty()) {
				servicesChanged |= this.instancesByService.remove(service) != null;
			}
			else if (!up.equals(this.instancesByService.get(service))) {
				servicesChanged |= this.instancesByService.put(service, List.copyOf(up)) == null;
			}
		}
		if (servicesChanged) {
			this.services = null;
		}
	}

	private @Nullable EtcdServiceInstance parse(String key, String value) {
		try {
			return new EtcdServiceInstance(key, EtcdInstancePayloadCodec.read(value));
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Skipping the registration at key '" + key + "': " + ex.getMessage());
			return null;
		}
	}

	@Override
	public void destroy() {
		close();
	}

	/**
	 * Stop watching and stop retrying.
	 */
	public void close() {
		EtcdWatchSubscription watch;
		EtcdBackgroundTask retry;
		synchronized (this.lock) {
			this.closed = true;
			watch = this.watch;
			retry = this.retry;
			this.watch = null;
			this.retry = null;
		}
		if (watch != null) {
			watch.close();
		}
		if (retry != null) {
			retry.close();
		}
	}

	/**
	 * Return the state of the cache's watch, or of the background read while etcd has not
	 * answered the first one.
	 * @return the status, or {@code null} before start and after close
	 */
	public @Nullable EtcdSupervisedStatus getStatus() {
		synchronized (this.lock) {
			if (this.watch != null) {
				return this.watch.status();
			}
			return (this.retry != null) ? this.retry.status() : null;
		}
	}

	private final class RegistrationListener implements EtcdWatchListener {

		@Override
		public void onEvent(EtcdWatchEvent event) {
			apply(List.of(event));
		}

		@Override
		public void onEvents(List<EtcdWatchEvent> events) {
			apply(events);
		}

		@Override
		public long onCompacted(long compactedRevision) {
			return reload("after etcd compacted up to revision " + compactedRevision);
		}

		@Override
		public long onReset(long currentRevision) {
			return reload("after etcd's revisions went back (etcd restored or replaced)");
		}

	}

}
