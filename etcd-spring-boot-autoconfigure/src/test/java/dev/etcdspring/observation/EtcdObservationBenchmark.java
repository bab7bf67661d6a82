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

package dev.etcdspring.observation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import dev.etcdspring.client.DefaultEtcdClient;
import dev.etcdspring.test.EtcdServer;
import dev.etcdspring.test.EtcdTestClients;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overhead of observing every request: the same get, on two clients of one etcd, one
 * without an observer and one with a Micrometer observation per request (a timer through
 * {@link DefaultMeterObservationHandler}), in alternating rounds. Prints one
 * {@code BENCH} line per figure; asserts nothing about time.
 * <p>
 * Run: {@code ./mvnw -B -pl etcd-spring-boot-autoconfigure test -Pbenchmark
 * -Dtest=EtcdObservationBenchmark}.
 *
 * @author etcd-spring-boot-starter authors
 */
@Tag("benchmark")
class EtcdObservationBenchmark {

	private static final int ROUNDS = 21;

	private static final int GETS_PER_ROUND = 2_000;

	@Test
	void getWithAndWithoutObservation() {
		try (EtcdServer etcd = EtcdServer.builder().start();
				DefaultEtcdClient plain = EtcdTestClients.create(etcd.endpoint());
				DefaultEtcdClient observed = EtcdTestClients.create(etcd.endpoint())) {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			observed.setRequestObserver(new ObservationEtcdRequestObserver(registry, null));
			plain.put("/bench/key", "value");
			// Warm both paths.
			round(plain, 5_000);
			round(observed, 5_000);
			List<Double> plainMeans = new ArrayList<>();
			List<Double> observedMeans = new ArrayList<>();
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < ROUNDS; i++) {
				double a = round(plain, GETS_PER_ROUND);
				double b = round(observed, GETS_PER_ROUND);
				plainMeans.add(a);
				observedMeans.add(b);
				ratios.add(b / a);
			}
			System.out.println(String.format(Locale.ROOT,
					"BENCH get mean per call, median of %d rounds of %d: plain %.1f us, observed %.1f us,"
							+ " observed/plain median %.3f (min %.3f, max %.3f)",
					ROUNDS, GETS_PER_ROUND, median(plainMeans), median(observedMeans), median(ratios),
					Collections.min(ratios), Collections.max(ratios)));
			assertThat(meters.find(DefaultEtcdRequestObservationConvention.NAME).timer()).isNotNull();
		}
	}

	private static double round(DefaultEtcdClient client, int gets) {
		long start = System.nanoTime();
		for (int i = 0; i < gets; i++) {
			client.get("/bench/key");
		}
		return (System.nanoTime() - start) / 1000.0 / gets;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
