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

import dev.etcdspring.client.EtcdWatchEvent;
import dev.etcdspring.watch.EtcdWatch;

import org.springframework.stereotype.Component;

/**
 * Prints every change of {@code /ns/service} as etcd's Go watch example does, e.g.
 * {@code Type:PUT,Key:/ns/service,Value:127.0.0.1:8001}. Try
 * {@code etcdctl put /ns/service 127.0.0.1:8001}.
 *
 * @author etcd-spring-boot-starter authors
 */
@Component
class ServiceWatcher {

	@EtcdWatch("${sample.watched-key}")
	void onChange(EtcdWatchEvent event) {
		System.out.println(event);
	}

}
