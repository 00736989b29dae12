package org.mmedpo.ingest.synth;

import java.util.SplittableRandom;
import org.mmedpo.ingest.lexicon.FindingLexicon;

/** Test access to package-private synthesis steps. */
public final class SyntheticExportAccess {

  private SyntheticExportAccess() {}

  public static StudyPlan plan(SplittableRandom rng, FindingLexicon lexicon) {
    return StudyPlan.draw(1, rng, lexicon);
  }
}
