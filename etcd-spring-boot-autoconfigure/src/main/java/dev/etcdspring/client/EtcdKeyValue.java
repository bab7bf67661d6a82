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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key and its value as stored in etcd, with the revisions etcd keeps for it.
 *
 * @author etcd-spring-boot-starter authors
 */
public final class EtcdKeyValue {

	private final byte[] key;

	private final byte[] value;

	private final long createRevision;

	private final long modRevision;

	private final long version;

	private final long leaseId;

	/**
	 * Create a new instance.
	 * @param key the key bytes
	 * @param value the value bytes
	 * @param createRevision the revision that created the key
	 * @param modRevision the revision of the last change to the key
	 * @param version the number of changes since the key was created
	 * @param leaseId the lease the key is attached to, or {@code 0}
	 */
	public EtcdKeyValue(byte[] key, byte[] value, long createRevision, long modRevision, long version, long leaseId) {
		this.key = key.clone();
		this.value = value.clone();
		this.createRevision = createRevision;
		this.modRevision = modRevision;
		this.version = version;
		this.leaseId = leaseId;
	}

	/**
	 * Return the key as a UTF-8 string.
	 * @return the key
	 */
	public String key() {
		return new String(this.key, StandardCharsets.UTF_8);
	}

	/**
	 * Return a copy of the key bytes.
	 * @return the key bytes
	 */
	public byte[] keyBytes() {
		return this.key.clone();
	}

	/**
	 * Return the number of bytes of the key and the value.
	 */
	int size() {
		return this.key.length + this.value.length;
	}

	/**
	 * Return the value as a UTF-8 string.
	 * @return the value
	 */
	public String value() {
		return new String(this.value, StandardCharsets.UTF_8);
	}

	/**
	 * Return a copy of the value bytes.
	 * @return the value bytes
	 */
	public byte[] valueBytes() {
		return this.value.clone();
	}

	/**
	 * Return the revision that created the key.
	 * @return the create revision
	 */
	public long createRevision() {
		return this.createRevision;
	}

	/**
	 * Return the revision of the last change to the key.
	 * @return the modification revision
	 */
	public long modRevision() {
		return this.modRevision;
	}

	/**
	 * Return the number of changes made to the key since it was created.
	 * @return the version
	 */
	public long version() {
		return this.version;
	}

	/**
	 * Return the id of the lease the key is attached to, {@code 0} when it has none.
	 * @return the lease id
	 */
	public long leaseId() {
		return this.leaseId;
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof EtcdKeyValue other)) {
			return false;
		}
		return Arrays.equals(this.key, other.key) && Arrays.equals(this.value, other.value)
				&& this.createRevision == other.createRevision && this.modRevision == other.modRevision
				&& this.version == other.version && this.leaseId == other.leaseId;
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.key) + Long.hashCode(this.modRevision);
	}

	/**
	 * Return {@code key=value}, as etcd's Go examples print a key-value.
	 */
	@Override
	public String toString() {
		return key() + "=" + value();
	}

}
