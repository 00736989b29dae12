package org.mmedpo.ingest.pipeline;

/**
 * The terminal state of one input file.
 *
 * @param state ingested (part of a published pair), already (part of a pair published before),
 *     dead (dead-lettered)
 * @param stage the stage that dead-lettered it, or null
 * @param reason why, or null
 */
public record FileOutcome(State state, String stage, String reason) {

  /** What happened to a file. */
  public enum State { INGESTED, ALREADY_INGESTED, DEAD_LETTERED }

  static FileOutcome ingested() {
    return new FileOutcome(State.INGESTED, null, null);
  }

  static FileOutcome already() {
    return new FileOutcome(State.ALREADY_INGESTED, null, null);
  }

  static FileOutcome dead(String stage, String reason) {
    return new FileOutcome(State.DEAD_LETTERED, stage, reason);
  }
}
