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

package dev.etcdspring.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * An {@link ApplicationStartup} that records, for every step, its wall time and the CPU
 * time of the thread that ran it. CPU time is what a shared, busy machine distorts least,
 * so the breakdown compares the variants by it.
 *
 * @author etcd-spring-boot-starter authors
 */
final class CpuTimeApplicationStartup implements ApplicationStartup {

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final AtomicLong ids = new AtomicLong();

	private final ThreadLocal<@Nullable Step> current = new ThreadLocal<>();

	private final long origin = System.nanoTime();

	private final List<String> lines = new ArrayList<>();

	@Override
	public StartupStep start(String name) {
		Step parent = this.current.get();
		Step step = new Step(this.ids.getAndIncrement(), (parent != null) ? parent.id : null, name, parent);
		this.current.set(step);
		return step;
	}

	/**
	 * Return one line per ended step: id, parent id, start (ms since this startup was
	 * created), wall duration (ms), CPU time of its thread (ms), name and tags.
	 * @return the lines
	 */
	synchronized List<String> lines() {
		return List.copyOf(this.lines);
	}

	private synchronized void ended(String line) {
		this.lines.add(line);
	}

	private final class Step implements StartupStep {

		private final long id;

		private final @Nullable Long parentId;

		private final String name;

		private final @Nullable Step parent;

		private final List<Tag> tags = new ArrayList<>();

		private final long wallStart = System.nanoTime();

		private final long cpuStart = CpuTimeApplicationStartup.this.threads.getCurrentThreadCpuTime();

		Step(long id, @Nullable Long parentId, String name, @Nullable Step parent) {
			this.id = id;
			this.parentId = parentId;
			this.name = name;
			this.parent = parent;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public long getId() {
			return this.id;
		}

		@Override
		public @Nullable Long getParentId() {
			return this.parentId;
		}

		@Override
		public StartupStep tag(String key, String value) {
			this.tags.add(new SimpleTag(key, value));
			return this;
		}

		@Override
		public StartupStep tag(String key, Supplier<String> value) {
			return tag(key, value.get());
		}

		@Override
		public Tags getTags() {
			return new Tags() {

				@Override
				public Iterator<Tag> iterator() {
					return Step.this.tags.iterator();
				}

			};
		}

		@Override
		public void end() {
			long cpu = CpuTimeApplicationStartup.this.threads.getCurrentThreadCpuTime() - this.cpuStart;
			long wallEnd = System.nanoTime();
			StringBuilder line = new StringBuilder();
			line.append(String.format("STEP %d %s %.1f %.1f %.1f %s", this.id, this.parentId,
					(this.wallStart - CpuTimeApplicationStartup.this.origin) / 1e6, (wallEnd - this.wallStart) / 1e6,
					cpu / 1e6, this.name));
			this.tags.forEach((tag) -> line.append(' ').append(tag.getKey()).append('=').append(tag.getValue()));
			ended(line.toString());
			CpuTimeApplicationStartup.this.current.set(this.parent);
		}

	}

	private record SimpleTag(String getKey, String getValue) implements StartupStep.Tag {

	}

}
