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

import io.etcd.jetcd.Client;
import jdk.jfr.FlightRecorder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link EtcdClientFactory} keeps Netty from setting up JFR's event
 * machinery at startup.
 *
 * @author etcd-spring-boot-starter authors
 */
class EtcdClientFactoryNettyJfrTests {

	private @Nullable String saved;

	@BeforeEach
	void save() {
		this.saved = System.getProperty(EtcdClientFactory.NETTY_JFR_ENABLED);
		System.clearProperty(EtcdClientFactory.NETTY_JFR_ENABLED);
	}

	@AfterEach
	void restore() {
		if (this.saved != null) {
			System.setProperty(EtcdClientFactory.NETTY_JFR_ENABLED, this.saved);
		}
		else {
			System.clearProperty(EtcdClientFactory.NETTY_JFR_ENABLED);
		}
	}

	@Test
	void buildingAClientSwitchesNettysJfrEventsOffWhenNothingDecided() {
		EtcdProperties properties = new EtcdProperties();
		EtcdClientFactory factory = new EtcdClientFactory(new PropertiesEtcdConnectionDetails(properties, null),
				properties, List.of());
		try (Client client = factory.createJetcdClient()) {
			assertThat(client).isNotNull();
		}
		if (FlightRecorder.isInitialized()) {
			assertThat(System.getProperty(EtcdClientFactory.NETTY_JFR_ENABLED)).isNull();
		}
		else {
			assertThat(System.getProperty(EtcdClientFactory.NETTY_JFR_ENABLED)).isEqualTo("false");
		}
	}

	@Test
	void leavesTheApplicationsChoice() {
		System.setProperty(EtcdClientFactory.NETTY_JFR_ENABLED, "true");
		EtcdClientFactory.skipNettyJfrEventsUnlessRecording(() -> false);
		assertThat(System.getProperty(EtcdClientFactory.NETTY_JFR_ENABLED)).isEqualTo("true");
	}

	@Test
	void leavesNettyAloneWhenJfrIsSetUp() {
		EtcdClientFactory.skipNettyJfrEventsUnlessRecording(() -> true);
		assertThat(System.getProperty(EtcdClientFactory.NETTY_JFR_ENABLED)).isNull();
		EtcdClientFactory.skipNettyJfrEventsUnlessRecording(() -> false);
		assertThat(System.getProperty(EtcdClientFactory.NETTY_JFR_ENABLED)).isEqualTo("false");
	}

	@Test
	void seesARecorderThatIsSetUp() {
		FlightRecorder.getFlightRecorder();
		assertThat(EtcdClientFactory.jfrInitialized()).isTrue();
	}

}
