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

/**
 * The outcome of an {@link EtcdTransaction}.
 *
 * @param succeeded whether the conditions held, so the {@code then} operations ran
 * (always {@code true} for a transaction without conditions)
 * @param revision the store revision after the transaction
 * @author etcd-spring-boot-starter authors
 */
public record EtcdTransactionResult(boolean succeeded, long revision) {

}
