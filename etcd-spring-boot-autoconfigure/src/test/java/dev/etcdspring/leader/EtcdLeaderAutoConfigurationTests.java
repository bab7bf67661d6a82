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
import java.util.ArrayList;
import java.util.List;

import dev.etcdspring.client.EtcdClientAutoConfiguration;
import dev.etcdspring.client.EtcdPropertyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.leader.event.LeaderEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * Tests for {@link EtcdLeaderAutoConfiguration}: conditions, back-off and property
 * binding, without an etcd server: campaigns fail fast against a closed port.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdLeaderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdClientAutoConfiguration.class, EtcdLeaderAutoConfiguration.class,
				EtcdLeaderMetricsAutoConfiguration.class))
		.withPropertyValues("etcd.endpoints=http://127.0.0.1:1", "etcd.request-timeout=200ms");

	@Test
	void backsOffWithoutACandidate() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(EtcdLeadership.class)
			.doesNotHaveBean(EtcdLeadershipStateReporter.class)
			.doesNotHaveBean(EtcdLeaderMetrics.class));
	}

	@Test
	void providesOneInitiatorPerCandidate() {
		this.runner.withUserConfiguration(TwoCandidates.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdLeadership.class)
				.hasSingleBean(EtcdLeadershipStateReporter.class)
				.hasSingleBean(EtcdLeaderMetrics.class);
			EtcdLeadership leadership = context.getBean(EtcdLeadership.class);
			assertThat(leadership.getInitiators()).extracting(EtcdLeaderInitiator::getRole)
				.containsExactlyInAnyOrder("reports", "purge");
			assertThat(leadership.getPhase()).isEqualTo(Integer.MAX_VALUE - 1000);
			assertThat(leadership.isLeader("reports")).isFalse();
			assertThat(leadership.getContext("purge")).get().extracting(Context::getRole).isEqualTo("purge");
			assertThat(leadership.getContext("other")).isEmpty();
			assertThat(context.getBean(EtcdLeaderProperties.class).getTtl()).isEqualTo(Duration.ofSeconds(10));
			assertThat(context.getBean(EtcdLeaderProperties.class).getPrefix()).isEqualTo("/leaders");
		});
	}

	@Test
	void bindsThePrefixAndTheTimeToLive() {
		this.runner.withUserConfiguration(TwoCandidates.class)
			.withPropertyValues("etcd.leader.prefix=/elections/", "etcd.leader.ttl=4s")
			.run((context) -> {
				EtcdLeaderProperties properties = context.getBean(EtcdLeaderProperties.class);
				assertThat(properties.getPrefix()).isEqualTo("/elections/");
				assertThat(properties.getTtl()).isEqualTo(Duration.ofSeconds(4));
				assertThat(properties.isEnabled()).isTrue();
			});
	}

	@Test
	void reporterShowsEveryRole() {
		this.runner.withUserConfiguration(TwoCandidates.class)
			.run((context) -> assertThat(context.getBean(EtcdLeadershipStateReporter.class).report()).asInstanceOf(MAP)
				.containsOnlyKeys("reports", "purge")
				.extractingByKey("reports")
				.asInstanceOf(MAP)
				.containsEntry("candidate", "reports-1")
				.containsEntry("leader", false)
				.containsEntry("running", false));
	}

	@Test
	void candidatesWaitForReadinessByDefault() {
		this.runner.withUserConfiguration(TwoCandidates.class).run((context) -> {
			EtcdLeadership leadership = context.getBean(EtcdLeadership.class);
			assertThat(leadership.isFollowReadiness()).isTrue();
			assertThat(leadership.isRunning()).isTrue();
			assertThat(leadership.getInitiators()).noneMatch(EtcdLeaderInitiator::isRunning);
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(leadership.getInitiators()).allMatch(EtcdLeaderInitiator::isRunning);
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
			assertThat(leadership.getInitiators()).noneMatch(EtcdLeaderInitiator::isRunning);
		});
	}

	@Test
	void candidatesCampaignFromTheStartWhenNotFollowingReadiness() {
		this.runner.withUserConfiguration(TwoCandidates.class)
			.withPropertyValues("etcd.leader.follow-readiness=false")
			.run((context) -> {
				EtcdLeadership leadership = context.getBean(EtcdLeadership.class);
				assertThat(leadership.isFollowReadiness()).isFalse();
				assertThat(leadership.getInitiators()).allMatch(EtcdLeaderInitiator::isRunning);
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				assertThat(leadership.getInitiators()).allMatch(EtcdLeaderInitiator::isRunning);
			});
	}

	@Test
	void ttlEtcdCannotGrantFailsStartupNamingTheProperty() {
		for (String ttl : new String[] { "0s", "500ms", "2500ms" }) {
			this.runner.withUserConfiguration(TwoCandidates.class)
				.withPropertyValues("etcd.leader.ttl=" + ttl)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(EtcdPropertyException.class)
						.hasMessageContaining("etcd.leader.ttl")
						.hasMessageNotContaining(ttl);
				});
		}
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withUserConfiguration(TwoCandidates.class)
			.withPropertyValues("etcd.leader.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdLeadership.class));
	}

	@Test
	void backsOffWithoutSpringIntegration() {
		this.runner.withClassLoader(new FilteredClassLoader(Candidate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdLeadership.class)
				.doesNotHaveBean(EtcdLeaderProperties.class));
	}

	@Test
	void backsOffWithoutAnEtcdClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EtcdLeaderAutoConfiguration.class))
			.withUserConfiguration(TwoCandidates.class)
			.run((context) -> assertThat(context).doesNotHaveBean(EtcdLeadership.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnLeadership() {
		this.runner.withUserConfiguration(TwoCandidates.class, OwnLeadership.class).run((context) -> {
			assertThat(context).hasSingleBean(EtcdLeadership.class);
			assertThat(context.getBean(EtcdLeadership.class).getInitiators()).isEmpty();
		});
	}

	@Test
	void usesTheApplicationsLeaderEventPublisher() {
		this.runner.withUserConfiguration(TwoCandidates.class, OwnLeaderEventPublisher.class).run((context) -> {
			EtcdLeaderInitiator initiator = context.getBean(EtcdLeadership.class).getInitiators().get(0);
			assertThat(initiator).extracting("leaderEventPublisher")
				.isSameAs(context.getBean(LeaderEventPublisher.class));
		});
	}

	@Test
	void metricsAreBoundPerRole() {
		this.runner.withUserConfiguration(TwoCandidates.class).run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(EtcdLeaderMetrics.class).bindTo(meters);
			assertThat(meters.get("etcd.leader.state").tag("role", "reports").gauge().value()).isZero();
			assertThat(meters.get("etcd.leader.changes")
				.tags("role", "purge", "change", "granted")
				.functionCounter()
				.count()).isZero();
			assertThat(meters.get("etcd.leader.lease.lost").tag("role", "purge").functionCounter().count()).isZero();
		});
	}

	@Test
	void backsOffMetricsWithoutMicrometer() {
		this.runner.withUserConfiguration(TwoCandidates.class)
			.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasSingleBean(EtcdLeadership.class)
				.doesNotHaveBean(EtcdLeaderMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoCandidates {

		@Bean
		DefaultCandidate reportsCandidate() {
			return new DefaultCandidate("reports-1", "reports");
		}

		@Bean
		DefaultCandidate purgeCandidate() {
			return new DefaultCandidate("purge-1", "purge");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLeadership {

		@Bean
		EtcdLeadership ownLeadership() {
			return new EtcdLeadership(List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLeaderEventPublisher {

		@Bean
		LeaderEventPublisher ownLeaderEventPublisher() {
			List<String> seen = new ArrayList<>();
			return new LeaderEventPublisher() {

				@Override
				public void publishOnGranted(Object source, Context context, String role) {
					seen.add("granted " + role);
				}

				@Override
				public void publishOnRevoked(Object source, Context context, String role) {
					seen.add("revoked " + role);
				}

				@Override
				public void publishOnFailedToAcquire(Object source, Context context, String role) {
					seen.add("failed " + role);
				}

			};
		}

	}

}
