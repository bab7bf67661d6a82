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

import java.time.Duration;
import java.util.List;

import dev.etcdspring.client.EtcdClient;
import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdPropertyException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.event.DefaultLeaderEventPublisher;
import org.springframework.integration.leader.event.LeaderEventPublisher;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for leader election on etcd: an {@link EtcdLeaderInitiator} for
 * every Spring Integration {@link Candidate} bean, held by {@link EtcdLeadership}, and
 * its section of the {@code etcd} actuator endpoint. Events go through the application's
 * {@link LeaderEventPublisher}, or a {@link DefaultLeaderEventPublisher}. Switched by
 * {@code etcd.leader.enabled}.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdClientAutoConfiguration.class)
@ConditionalOnClass(Candidate.class)
@ConditionalOnBean({ EtcdClient.class, Candidate.class })
@ConditionalOnBooleanProperty(name = "etcd.leader.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdLeaderProperties.class)
public final class EtcdLeaderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdLeadership etcdLeadership(EtcdClient client, EtcdLeaderProperties properties,
			ObjectProvider<Candidate> candidates, ObjectProvider<LeaderEventPublisher> leaderEventPublisher,
			ApplicationEventPublisher applicationEventPublisher) {
		Duration ttl = validTtl(properties.getTtl());
		LeaderEventPublisher publisher = leaderEventPublisher
			.getIfUnique(() -> new DefaultLeaderEventPublisher(applicationEventPublisher));
		List<EtcdLeaderInitiator> initiators = candidates.orderedStream().map((candidate) -> {
			EtcdLeaderInitiator initiator = new EtcdLeaderInitiator(client, candidate, properties.getPrefix(), ttl);
			initiator.setLeaderEventPublisher(publisher);
			return initiator;
		}).toList();
		return new EtcdLeadership(initiators, properties.isFollowReadiness());
	}

	private static Duration validTtl(Duration ttl) {
		if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.getNano() != 0) {
			throw new EtcdPropertyException("etcd.leader.ttl",
					"a whole number of seconds, at least 1s (etcd counts lease TTLs in whole seconds)");
		}
		return ttl;
	}

	@Bean
	@ConditionalOnMissingBean
	EtcdLeadershipStateReporter etcdLeadershipStateReporter(EtcdLeadership leadership) {
		return new EtcdLeadershipStateReporter(leadership);
	}

}
