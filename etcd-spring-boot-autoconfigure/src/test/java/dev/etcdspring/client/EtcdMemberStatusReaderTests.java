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

import java.time.Duration;
import java.util.List;

import dev.etcdspring.test.EtcdIntegrationTest;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Maintenance;
import io.etcd.jetcd.maintenance.StatusResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link EtcdMemberStatusReader}.
 *
 * @author etcd-spring-boot-starter authors
 */
@EtcdIntegrationTest
class EtcdMemberStatusReaderTests {

	private DefaultEtcdClient client;

	private String endpoint;

	@BeforeEach
	void createClient(EtcdServer etcd) {
		this.endpoint = etcd.endpoint();
		this.client = EtcdTestClients.create(this.endpoint);
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void usesTheChannelOfAJetcdClient() {
		// If a jetcd upgrade moves its internals, this fails: health would still work
		// (the fallback), but over a connection per probe.
		assertThat(EtcdMemberStatusReader.channelOf(this.client.jetcd())).isNotNull();
		StatusResponse status = EtcdMemberStatusReader.status(this.client.jetcd(), List.of(this.endpoint),
				Duration.ofSeconds(5));
		assertThat(status.getVersion()).startsWith("3.");
		assertThat(status.getLeader()).isNotZero();
		assertThat(status.getHeader().getMemberId()).isEqualTo(status.getLeader());
	}

	@Test
	void fallsBackToTheConfiguredEndpointsInOrderForAnotherClient() {
		Client other = otherClient(this.client.jetcd());
		assertThat(EtcdMemberStatusReader.channelOf(other)).isNull();
		StatusResponse status = EtcdMemberStatusReader.status(other,
				List.of(EtcdTestClients.unreachableEndpoint(), this.endpoint), Duration.ofSeconds(5));
		assertThat(status.getVersion()).startsWith("3.");
		assertThat(status.getHeader().getRevision()).isPositive();
	}

	@Test
	void fallbackFailsNamingTheEndpointsWhenNoneAnswers() {
		String unreachable = EtcdTestClients.unreachableEndpoint();
		Client other = otherClient(this.client.jetcd());
		assertThatExceptionOfType(EtcdException.class)
			.isThrownBy(() -> EtcdMemberStatusReader.status(other, List.of(unreachable), Duration.ofSeconds(2)))
			.withMessageContaining("etcd status")
			.withMessageContaining(unreachable);
	}

	/**
	 * A {@link Client} that is not jetcd's own implementation, answering through the real
	 * one.
	 */
	private static Client otherClient(Client jetcd) {
		Client other = mock(Client.class, delegatesTo(jetcd));
		Maintenance maintenance = mock(Maintenance.class, delegatesTo(jetcd.getMaintenanceClient()));
		willReturn(maintenance).given(other).getMaintenanceClient();
		return other;
	}

}
