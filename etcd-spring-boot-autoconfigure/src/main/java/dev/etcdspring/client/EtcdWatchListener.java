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

import java.util.List;

/**
 * Receives the events of a watch. Callbacks of one subscription run one at a time, in
 * revision order, on a thread of the client's own callback pool, never on a gRPC or
 * Vert.x event-loop thread; a listener may block briefly without stalling other watches.
 *
 * @author etcd-spring-boot-starter authors
 * @see EtcdClient#watch(EtcdWatchOptions, EtcdWatchListener)
 */
@FunctionalInterface
public interface EtcdWatchListener {

	/**
	 * Called for each event, in revision order.
	 * @param event the event
	 */
	void onEvent(EtcdWatchEvent event);

	/**
	 * Called with all the events of one etcd revision (a transaction's changes arrive
	 * together). The default calls {@link #onEvent(EtcdWatchEvent)} for each.
	 * @param events the events of one revision, never empty
	 */
	default void onEvents(List<EtcdWatchEvent> events) {
		events.forEach(this::onEvent);
	}

	/**
	 * Called when the watch cannot resume because etcd compacted the revisions it still
	 * had to deliver: the events between the last delivered revision and
	 * {@code compactedRevision} are gone. A listener that keeps state should re-read it
	 * and return the revision its read saw; the watch resumes after that revision. The
	 * default resumes at the oldest revision etcd still holds.
	 * @param compactedRevision the revision etcd compacted up to
	 * @return the revision the listener's state now reflects; delivery resumes at the
	 * next one
	 */
	default long onCompacted(long compactedRevision) {
		return compactedRevision - 1;
	}

	/**
	 * Called when etcd's revisions went back below what the watch already saw: etcd was
	 * restored from a backup or replaced by a new cluster at the same address. Events
	 * between the two histories cannot be delivered. A listener that keeps state should
	 * re-read it and return the revision its read saw; the watch resumes after that
	 * revision. The default treats it as a compaction, so a listener that re-reads after
	 * a compaction re-reads here too.
	 * @param currentRevision etcd's current revision as the watch saw it, or {@code 0}
	 * when unknown
	 * @return the revision the listener's state now reflects; delivery resumes at the
	 * next one
	 */
	default long onReset(long currentRevision) {
		return onCompacted(currentRevision + 1);
	}

	/**
	 * Called when the watch stream failed. The subscription re-creates the stream by
	 * itself from the next undelivered revision; this is for logging and metrics.
	 * @param error the failure
	 */
	default void onError(EtcdException error) {
	}

}
