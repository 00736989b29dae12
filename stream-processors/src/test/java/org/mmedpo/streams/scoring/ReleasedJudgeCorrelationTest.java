package org.mmedpo.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.testing.ReleasedPairs;
import org.mmedpo.evaluation.stats.Spearman;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figure for the note: Spearman correlation between the built-in judge's scores and the
 * released {@code weighted_score} of every released VQA-RAD (chosen, rejected) pair. Logged;
 * asserted only to be positive (the judge ranks like the paper's Med-LLM judges more than not).
 */
class ReleasedJudgeCorrelationTest {

  private static final Logger LOG = LoggerFactory.getLogger(ReleasedJudgeCorrelationTest.class);

  @Test
  void shouldRankReleasedPairsInTheSameDirectionAsTheReleasedScores() {
    assumeTrue(ReleasedPairs.available(), "released VQA-RAD pairs not found");
    List<ReleasedPairs.Pair> pairs = ReleasedPairs.load();
    ClinicalRuleJudge judge = new ClinicalRuleJudge(RadiologyLexicon.standard(), 0.1);
    double[] ours = new double[pairs.size()];
    double[] released = new double[pairs.size()];
    int closed = 0;
    for (int i = 0; i < pairs.size(); i++) {
      ReleasedPairs.Pair pair = pairs.get(i);
      boolean isClosed = pair.chosen().toLowerCase().matches("^(yes|no)\\b.*");
      closed += isClosed ? 1 : 0;
      ours[i] = judge.score(new JudgeRequest(isClosed ? ItemType.VQA_CLOSED : ItemType.VQA_OPEN,
          pair.question(), pair.chosen(), pair.rejected(), List.of(), Deadline.none())).score();
      released[i] = pair.weightedScore();
    }
    double rho = Spearman.correlation(ours, released);
    double[] oursClosed = new double[closed];
    double[] releasedClosed = new double[closed];
    double[] oursOpen = new double[pairs.size() - closed];
    double[] releasedOpen = new double[pairs.size() - closed];
    int ci = 0;
    int oi = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.get(i).chosen().toLowerCase().matches("^(yes|no)\\b.*")) {
        oursClosed[ci] = ours[i];
        releasedClosed[ci++] = released[i];
      } else {
        oursOpen[oi] = ours[i];
        releasedOpen[oi++] = released[i];
      }
    }
    LOG.info("Spearman(built-in judge, released weighted_score) on {} VQA-RAD pairs: rho = {} "
            + "(closed {}: {}, open {}: {}); mean judge score {}, mean released {}",
        pairs.size(), String.format("%.3f", rho), closed, String.format("%.3f", Spearman.correlation(oursClosed, releasedClosed)),
        pairs.size() - closed, String.format("%.3f", Spearman.correlation(oursOpen, releasedOpen)),
        String.format("%.3f", java.util.Arrays.stream(ours).average().orElse(0)),
        String.format("%.3f", java.util.Arrays.stream(released).average().orElse(0)));
    assertThat(rho).isGreaterThan(0.0);
  }
}
