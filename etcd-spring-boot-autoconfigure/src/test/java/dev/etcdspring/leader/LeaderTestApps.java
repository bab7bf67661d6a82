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

package dev.etcdspring.leader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.etcdspring.client.EtcdClientAutoConfiguration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;

/**
 * Applications with one candidate each, for leader election tests.
 *
 * @author etcd-spring-boot-starter authors
 */
final class LeaderTestApps {

	private LeaderTestApps() {
	}

	static ConfigurableApplicationContext start(String endpoints, String prefix, String id, String... properties) {
		// A time to live long enough that a loaded machine delaying keep-alive answers
		// never makes a leader step down: tests that need a lease to expire set a short
		// one.
		List<String> all = new ArrayList<>(List.of("etcd.endpoints=" + endpoints, "etcd.leader.prefix=" + prefix,
				"etcd.leader.ttl=10s", "etcd.request-timeout=2s", "test.candidate-id=" + id,
				"spring.main.banner-mode=off", "logging.level.dev.etcdspring=info"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(LeaderApp.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	static boolean isLeader(ConfigurableApplicationContext context) {
		return context.isActive() && context.getBean(EtcdLeadership.class).isLeader("reports");
	}

	static Events events(ConfigurableApplicationContext context) {
		return context.getBean(Events.class);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdClientAutoConfiguration.class, EtcdLeaderAutoConfiguration.class })
	static class LeaderApp {

		@Bean
		DefaultCandidate reportsCandidate(@Value("${test.candidate-id}") String id) {
			return new DefaultCandidate(id, "reports");
		}

		@Bean
		Events events() {
			return new Events();
		}

	}

	/**
	 * The leader events an application saw, with the time each arrived.
	 */
	static class Events implements ApplicationListener<AbstractLeaderEvent> {

		final List<Event> all = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(AbstractLeaderEvent event) {
			this.all.add(new Event(event instanceof OnGrantedEvent, event, System.nanoTime()));
		}

		List<String> kinds() {
			return this.all.stream().map((event) -> event.granted() ? "granted" : "revoked").toList();
		}

		long lastNanos(boolean granted) {
			return this.all.stream()
				.filter((event) -> event.granted() == granted)
				.mapToLong(Event::nanos)
				.max()
				.orElseThrow();
		}

	}

	record Event(boolean granted, AbstractLeaderEvent event, long nanos) {

	}

}
