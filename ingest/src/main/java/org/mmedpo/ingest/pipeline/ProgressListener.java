package org.mmedpo.ingest.pipeline;

/** Progress of a one-shot ingest, for a progress bar; called from one thread. */
public interface ProgressListener {

  /** A no-op listener. */
  ProgressListener NONE = (phase, done, total) -> { };

  /**
   * @param phase "reading" (first pass over every file) or "ingesting" (images paired and stored)
   * @param done items finished in this phase
   * @param total items of this phase
   */
  void progress(String phase, long done, long total);
}
