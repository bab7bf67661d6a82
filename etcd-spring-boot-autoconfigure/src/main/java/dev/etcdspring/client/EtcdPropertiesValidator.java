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

/**
 * Checks the client's own properties before a client is built, so that a value etcd or
 * jetcd would reject (or silently change) fails startup naming the property.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdPropertiesValidator {

	private EtcdPropertiesValidator() {
	}

	static void validate(EtcdProperties properties) {
		positive("etcd.request-timeout", properties.getRequestTimeout());
		positive("etcd.connect-timeout", properties.getConnectTimeout());
		if (properties.getKeepAliveTime().compareTo(Duration.ofSeconds(10)) < 0) {
			// gRPC raises a shorter time to 10 seconds without saying so.
			throw new EtcdPropertyException("etcd.keep-alive-time", "at least 10s");
		}
		positive("etcd.keep-alive-timeout", properties.getKeepAliveTimeout());
		if (properties.getMaxInboundMessageSize().toBytes() < 1024
				|| properties.getMaxInboundMessageSize().toBytes() > Integer.MAX_VALUE) {
			throw new EtcdPropertyException("etcd.max-inbound-message-size", "between 1KB and 2GB");
		}
		if (properties.getEndpoints().isEmpty()) {
			throw new EtcdPropertyException("etcd.endpoints", "at least one URL");
		}
		EtcdProperties.Retry retry = properties.getRetry();
		positive("etcd.retry.initial-interval", retry.getInitialInterval());
		positive("etcd.retry.max-interval", retry.getMaxInterval());
		positive("etcd.retry.denied-interval", retry.getDeniedInterval());
		if (retry.getMaxInterval().compareTo(retry.getInitialInterval()) < 0) {
			throw new EtcdPropertyException("etcd.retry.max-interval", "at least etcd.retry.initial-interval");
		}
		if (!(retry.getMultiplier() >= 1.0)) {
			throw new EtcdPropertyException("etcd.retry.multiplier", "1.0 or more");
		}
		if (retry.getJitter().isNegative() || retry.getJitter().compareTo(retry.getInitialInterval()) > 0) {
			throw new EtcdPropertyException("etcd.retry.jitter", "between 0 and etcd.retry.initial-interval");
		}
		EtcdProperties.Delivery delivery = properties.getDelivery();
		if (delivery.getThreads() < 1 || delivery.getThreads() > 1024) {
			throw new EtcdPropertyException("etcd.delivery.threads", "between 1 and 1024");
		}
		if (delivery.getMaxPendingEvents() < 1) {
			throw new EtcdPropertyException("etcd.delivery.max-pending-events", "1 or more");
		}
		if (delivery.getMaxPendingSize().toBytes() < 1) {
			throw new EtcdPropertyException("etcd.delivery.max-pending-size", "1B or more");
		}
	}

	private static void positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new EtcdPropertyException(property, "a positive duration, such as 5s");
		}
	}

}
