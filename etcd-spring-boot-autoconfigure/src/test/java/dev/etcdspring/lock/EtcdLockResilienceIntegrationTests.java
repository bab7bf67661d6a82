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

package dev.etcdspring.lock;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link EtcdLockRegistry} when etcd goes away, each test with an etcd of its own.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("etcd")
class EtcdLockResilienceIntegrationTests {

	@Test
	void etcdStoppedLongerThanTheTtlWhileHeldIsReportedAndTheLockGoesToTheNextWaiter() throws Exception {
		try (EtcdServer etcd = EtcdServer.startNew();
				DefaultEtcdClient holderClient = EtcdTestClients.create(etcd.endpoints(), Duration.ofSeconds(1));
				DefaultEtcdClient otherClient = EtcdTestClients.create(etcd.endpoints(), Duration.ofSeconds(1))) {
			EtcdLockRegistry holderRegistry = new EtcdLockRegistry(holderClient, "/locks", Duration.ofSeconds(2));
			EtcdLockRegistry otherRegistry = new EtcdLockRegistry(otherClient, "/locks", Duration.ofSeconds(2));
			try {
				List<Object> events = new CopyOnWriteArrayList<>();
				holderRegistry.setApplicationEventPublisher(events::add);
				EtcdLock lock = holderRegistry.obtain("outage");
				lock.lock();
				etcd.stop();
				try {
					await().atMost(Duration.ofSeconds(30)).until(() -> !lock.isHeld());
					await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
					assertThat(events).singleElement()
						.isInstanceOfSatisfying(EtcdLockLostEvent.class,
								(event) -> assertThat(event.getLockName()).isEqualTo("outage"));
				}
				finally {
					etcd.start();
				}
				EtcdLock other = otherRegistry.obtain("outage");
				assertThat(other.tryLock(30, TimeUnit.SECONDS)).isTrue();
				other.unlock();
				assertThatExceptionOfType(ConcurrentModificationException.class).isThrownBy(lock::unlock);
				assertThat(holderRegistry.getLostLeaseCount()).isOne();
			}
			finally {
				holderRegistry.destroy();
				otherRegistry.destroy();
			}
		}
	}

}
