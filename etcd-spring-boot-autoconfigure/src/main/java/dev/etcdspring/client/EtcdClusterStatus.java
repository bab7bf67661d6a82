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

package dev.etcdspring.client;

import java.util.List;

/**
 * A snapshot of the etcd cluster as seen from the member that answered.
 *
 * @param clusterId the cluster id, as hexadecimal
 * @param memberId the id of the member that answered, as hexadecimal
 * @param leaderId the id of the leader, as hexadecimal; {@code 0} when there is none
 * @param version the etcd version of the member that answered
 * @param revision the current store revision
 * @param raftTerm the current raft term
 * @param members the names of the cluster's members
 * @author etcd-spring-boot-starter authors
 */
public record EtcdClusterStatus(String clusterId, String memberId, String leaderId, String version, long revision,
		long raftTerm, List<String> members) {

	/**
	 * Create a new instance.
	 * @param clusterId the cluster id
	 * @param memberId the member id
	 * @param leaderId the leader id
	 * @param version the etcd version
	 * @param revision the revision
	 * @param raftTerm the raft term
	 * @param members the member names
	 */
	public EtcdClusterStatus {
		members = List.copyOf(members);
	}

	/**
	 * Return whether the cluster has a leader.
	 * @return {@code true} if a leader is known
	 */
	public boolean hasLeader() {
		return !"0".equals(this.leaderId);
	}

}
