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

package dev.etcdspring.config.refresh;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.etcdspring.config.EtcdConfigContext;
import dev.etcdspring.config.EtcdConfigContextData;
import dev.etcdspring.config.EtcdConfigDocumentException;
import dev.etcdspring.config.EtcdConfigIncrementalParser;
import dev.etcdspring.config.EtcdConfigState;
import org.jspecify.annotations.Nullable;

/**
 * Step 2 of applying a batch: etcd's latest content of each context, which may be ahead
 * of the content in force when a change was rejected, and the next content a batch makes
 * of it. Each context's changed keys are parsed on their own
 * ({@link EtcdConfigIncrementalParser}), which also says which property names they
 * change.
 * <p>
 * The next content covers the contexts the batch changed and those whose latest content
 * was rejected before: a rejected change is tried again with the next one, against etcd's
 * latest content, with the names it changed. A context whose latest document does not
 * parse keeps the whole batch from being applied until it is fixed.
 * <p>
 * Used by the applying thread only.
 *
 * @author etcd-spring-boot-starter authors
 */
final class EtcdConfigLatestContent {

	private final EtcdConfigState state;

	private final Map<String, EtcdConfigIncrementalParser> parsers = new HashMap<>();

	private final Set<String> unapplied = new LinkedHashSet<>();

	private final Set<String> unappliedNames = new LinkedHashSet<>();

	EtcdConfigLatestContent(EtcdConfigState state) {
		this.state = state;
	}

	/**
	 * Prepare each context for its first change.
	 */
	void prepare() {
		for (EtcdConfigContext context : this.state.contexts()) {
			EtcdConfigIncrementalParser parser = parser(context.path());
			if (parser != null) {
				parser.prepare();
			}
		}
	}

	/**
	 * Return the revision of a context's latest content.
	 * @param path the context path
	 * @return the revision, {@code 0} when not read
	 */
	long revision(String path) {
		EtcdConfigIncrementalParser parser = this.parsers.get(path);
		return (parser != null) ? parser.content().revision() : this.state.content(path).revision();
	}

	/**
	 * Return whether a change was rejected and is still not applied.
	 * @return whether the latest content is ahead of the content in force
	 */
	boolean hasUnapplied() {
		return !this.unapplied.isEmpty();
	}

	/**
	 * Take a batch's changes into the latest content and return the next content.
	 * @param changes what changed, by context path
	 * @return the next content
	 */
	Next next(Map<String, EtcdConfigEventMerger.ContextChange> changes) {
		Set<String> dirty = new LinkedHashSet<>(this.unapplied);
		dirty.addAll(changes.keySet());
		Set<String> names = new LinkedHashSet<>(this.unappliedNames);
		Map<String, EtcdConfigContextData> content = new LinkedHashMap<>();
		long revision = 0;
		String problem = null;
		for (String path : dirty) {
			EtcdConfigIncrementalParser parser = parser(path);
			if (parser == null) {
				continue;
			}
			EtcdConfigEventMerger.ContextChange change = changes.get(path);
			if (change != null) {
				revision = Math.max(revision, change.revision());
				if (change.reload() != null) {
					names.addAll(parser.reload(change.reload()));
				}
				try {
					names.addAll(parser.apply(change.keys(), change.revision()));
				}
				catch (EtcdConfigDocumentException ex) {
					// the parser keeps the problem until the document parses again
				}
			}
			if (parser.problem() != null) {
				problem = parser.problem();
			}
			else {
				content.put(path, parser.content());
			}
		}
		return new Next(dirty, content, names, revision, problem);
	}

	/**
	 * The next content was rejected: try it again with the next batch.
	 * @param next the next content
	 */
	void rejected(Next next) {
		this.unapplied.addAll(next.contexts());
		this.unappliedNames.addAll(next.names());
	}

	/**
	 * The next content is in force.
	 */
	void committed() {
		this.unapplied.clear();
		this.unappliedNames.clear();
	}

	private @Nullable EtcdConfigIncrementalParser parser(String path) {
		EtcdConfigIncrementalParser parser = this.parsers.get(path);
		if (parser == null) {
			EtcdConfigContext context = this.state.contexts()
				.stream()
				.filter((candidate) -> candidate.path().equals(path))
				.findFirst()
				.orElse(null);
			if (context == null) {
				return null;
			}
			parser = new EtcdConfigIncrementalParser(context, this.state.content(path));
			this.parsers.put(path, parser);
		}
		return parser;
	}

	/**
	 * The next content.
	 *
	 * @param contexts the contexts it covers
	 * @param content the content of each of them whose latest content parses, by path
	 * @param names the property names that may have changed against the content in force
	 * @param revision the highest revision of the batch
	 * @param problem why a document does not parse, or {@code null}
	 */
	record Next(Set<String> contexts, Map<String, EtcdConfigContextData> content, Set<String> names, long revision,
			@Nullable String problem) {

	}

}
