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

package dev.etcdspring.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One etcd context to load, resolved from an {@code etcd:} location.
 *
 * @author etcd-spring-boot-starter authors
 */
public class EtcdConfigDataResource extends ConfigDataResource {

	private final EtcdConfigContext context;

	private final @Nullable String profile;

	private final String location;

	/**
	 * Create a new instance.
	 * @param context the context
	 * @param profile the profile the context is specific to, or {@code null}
	 * @param location the location it was resolved from, for messages
	 */
	public EtcdConfigDataResource(EtcdConfigContext context, @Nullable String profile, String location) {
		super(context.optional());
		this.context = context;
		this.profile = profile;
		this.location = location;
	}

	/**
	 * Return the context to load.
	 * @return the context
	 */
	public EtcdConfigContext getContext() {
		return this.context;
	}

	/**
	 * Return the profile the context is specific to.
	 * @return the profile or {@code null}
	 */
	public @Nullable String getProfile() {
		return this.profile;
	}

	/**
	 * Return the location the context was resolved from.
	 * @return the location
	 */
	public String getLocation() {
		return this.location;
	}

	@Override
	public boolean equals(Object obj) {
		return this == obj
				|| (obj instanceof EtcdConfigDataResource other && this.context.path().equals(other.context.path()));
	}

	@Override
	public int hashCode() {
		return this.context.path().hashCode();
	}

	@Override
	public String toString() {
		return "etcd context " + this.context.path();
	}

}
