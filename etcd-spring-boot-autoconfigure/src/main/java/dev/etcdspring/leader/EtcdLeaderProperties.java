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

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for leader election in etcd.
 *
 * @author etcd-spring-boot-starter authors
 */
@ConfigurationProperties("etcd.leader")
public class EtcdLeaderProperties {

	/**
	 * Whether every Spring Integration Candidate bean campaigns for leadership of its
	 * role in etcd.
	 */
	private boolean enabled = true;

	/**
	 * Root of the election keys: candidates for the role 'reports' queue under
	 * '{prefix}/reports/' and the one with the lowest create revision leads.
	 */
	private String prefix = "/leaders";

	/**
	 * Time to live of a candidate's lease. When the application dies, the next candidate
	 * leads after this time; when etcd answers no keep-alive for most of it, the leader
	 * gives up leadership before etcd could grant it to another. etcd counts in whole
	 * seconds.
	 */
	private Duration ttl = Duration.ofSeconds(10);

	/**
	 * Whether candidates campaign only while the application's readiness state is
	 * ACCEPTING_TRAFFIC: they resign when it refuses traffic and campaign again when it
	 * accepts traffic again.
	 */
	private boolean followReadiness = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public boolean isFollowReadiness() {
		return this.followReadiness;
	}

	public void setFollowReadiness(boolean followReadiness) {
		this.followReadiness = followReadiness;
	}

}
