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

import java.util.LinkedHashMap;
import java.util.Map;

import dev.etcdspring.actuate.EtcdStateReporter;

/**
 * Reports the application's leader elections to the {@code etcd} actuator endpoint,
 * section {@code leadership}: per role, the candidate id, whether it runs and leads
 * (since when), its key and create revision, whether it stepped down for lack of
 * keep-alive answers, the last failure, and how often leadership was granted, revoked and
 * a lease lost.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdLeadershipStateReporter implements EtcdStateReporter {

	private final EtcdLeadership leadership;

	/**
	 * Create a new instance.
	 * @param leadership the leadership to report
	 */
	public EtcdLeadershipStateReporter(EtcdLeadership leadership) {
		this.leadership = leadership;
	}

	@Override
	public String section() {
		return "leadership";
	}

	@Override
	public Object report() {
		Map<String, Object> report = new LinkedHashMap<>();
		for (EtcdLeaderInitiator initiator : this.leadership.getInitiators()) {
			String name = initiator.getRole();
			int suffix = 2;
			while (report.containsKey(name)) {
				name = initiator.getRole() + "#" + suffix++;
			}
			report.put(name, initiator.state());
		}
		return report;
	}

}
