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

package dev.etcdspring.watch;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Subscribes a bean method to the changes of an etcd key, or of every key under a prefix,
 * like etcd's Go watch example. The method is called for each change made after the
 * application context started, in revision order, one call at a time, on the etcd
 * client's callback threads. The watch is supervised: it resumes from the next
 * undelivered revision after a disconnect, so no change is missed; if etcd compacted
 * revisions the method had not seen yet, a warning names the key and the lost revisions
 * and delivery resumes at the oldest revision etcd still holds.
 * <p>
 * The method returns {@code void} and takes exactly one parameter:
 * <ul>
 * <li>{@link dev.etcdspring.client.EtcdWatchEvent}: each event (type, key, value,
 * previous value, revision);</li>
 * <li>{@code List<EtcdWatchEvent>}: all events of one revision together (the changes of
 * one transaction);</li>
 * <li>{@code String} or {@code byte[]}: the new value, {@code null} when the key was
 * deleted.</li>
 * </ul>
 * Any other signature fails startup. An exception thrown by the method is logged and
 * counted; later events are still delivered. Keys are relative to {@code etcd.namespace}
 * and may contain {@code ${...}} placeholders.
 *
 * @author etcd-spring-boot-starter authors
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
// The methods are invoked reflectively: AOT processing registers them for a native image.
@Reflective
public @interface EtcdWatch {

	/**
	 * Alias for {@link #key()}.
	 * @return the key or prefix to watch
	 */
	@AliasFor("key")
	String value() default "";

	/**
	 * The key to watch, or the prefix when {@link #prefix()} is set. May contain
	 * {@code ${...}} placeholders.
	 * @return the key or prefix to watch
	 */
	@AliasFor("value")
	String key() default "";

	/**
	 * Whether every key starting with {@link #key()} is watched.
	 * @return whether the key is a prefix
	 */
	boolean prefix() default false;

}
