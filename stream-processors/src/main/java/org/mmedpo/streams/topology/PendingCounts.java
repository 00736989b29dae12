package org.mmedpo.streams.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/** How many variants of a pair wait for assembly; the pair leaves the stores when none does. */
final class PendingCounts {

  private PendingCounts() {}

  static void add(KeyValueStore<String, Integer> pending, String pairId, int variants) {
    Integer now = pending.get(pairId);
    pending.put(pairId, (now == null ? 0 : now) + variants);
  }

  /** Counts one variant as assembled; true when it was the pair's last. */
  static boolean done(KeyValueStore<String, Integer> pending, String pairId) {
    Integer now = pending.get(pairId);
    if (now == null || now <= 1) {
      pending.delete(pairId);
      return true;
    }
    pending.put(pairId, now - 1);
    return false;
  }
}
