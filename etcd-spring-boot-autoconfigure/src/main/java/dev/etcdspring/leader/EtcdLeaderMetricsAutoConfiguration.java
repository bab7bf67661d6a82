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

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the metrics of the application's {@link EtcdLeadership}, when
 * Micrometer is on the class path.
 *
 * @author etcd-spring-boot-starter authors
 */
@AutoConfiguration(after = EtcdLeaderAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(EtcdLeadership.class)
public final class EtcdLeaderMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EtcdLeaderMetrics etcdLeaderMetrics(EtcdLeadership leadership) {
		return new EtcdLeaderMetrics(leadership);
	}

}
