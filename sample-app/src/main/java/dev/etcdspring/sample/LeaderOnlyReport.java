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

package dev.etcdspring.sample;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.etcdspring.leader.EtcdLeadership;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A scheduled job that runs on one instance only, the leader of the role
 * {@code sample-report}: every instance declares a candidate for the role, the etcd
 * starter elects one, and the job checks {@link EtcdLeadership#isLeader(String)} before
 * doing anything. Start two instances and stop the one that logs the runs: the other
 * takes over at once (or one {@code etcd.leader.ttl} after a crash).
 *
 * @author etcd-spring-boot-starter authors
 */
@Configuration(proxyBeanMethods = false)
@RestController
class LeaderOnlyReport {

	static final String ROLE = "sample-report";

	private static final Log logger = LogFactory.getLog(LeaderOnlyReport.class);

	private final EtcdLeadership leadership;

	private final AtomicLong runs = new AtomicLong();

	LeaderOnlyReport(EtcdLeadership leadership) {
		this.leadership = leadership;
	}

	/**
	 * The candidate of this instance: its id names the instance in the election key.
	 * @param application the application name
	 * @return the candidate
	 */
	@Bean
	static DefaultCandidate sampleReportCandidate(@Value("${spring.application.name}") String application) {
		return new DefaultCandidate(application + "-" + UUID.randomUUID().toString().substring(0, 8), ROLE);
	}

	@Scheduled(fixedDelayString = "${sample.report-interval:10s}")
	void report() {
		if (!this.leadership.isLeader(ROLE)) {
			return;
		}
		long run = this.runs.incrementAndGet();
		logger.info("Report run " + run + " on the leader of '" + ROLE + "'");
	}

	@GetMapping("/report")
	Map<String, Object> status() {
		return Map.of("role", ROLE, "leader", this.leadership.isLeader(ROLE), "runs", this.runs.get());
	}

}
