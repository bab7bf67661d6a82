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

package dev.etcdspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against the shared etcd server: applies
 * {@link EtcdExtension} and tags the class {@code etcd}. {@link EtcdServer} parameters
 * receive the server; {@link EtcdTestServers#shared()} returns it in static contexts such
 * as {@code @DynamicPropertySource} methods. <pre class="code">
 * &#64;EtcdIntegrationTest
 * class KeyValueTests {
 *
 * 	&#64;Test
 * 	void putAndGet(EtcdServer etcd) throws Exception {
 * 		try (Client client = etcd.clientBuilder().build()) {
 * 			// ...
 * 		}
 * 	}
 *
 * }
 * </pre>
 *
 * @author etcd-spring-boot-starter authors
 */
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EtcdExtension.class)
@Tag("etcd")
public @interface EtcdIntegrationTest {

}
