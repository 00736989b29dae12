package org.mmedpo.streams.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.mmedpo.events.ConsensusRound;
import org.mmedpo.events.Judgement;
import org.mmedpo.streams.llm.ExternalCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MMedPO's consensus protocol across several judges: the first judge scores; each next judge sees
 * the score given before it and agrees or gives its own; rounds repeat until every judge of a round
 * agreed (consensus: the agreed score), at most {@code maxRounds}; without consensus the score is
 * the mean of every score given (an agreement counts as giving the score agreed to). Every round
 * is returned for {@code ClinicalScore.rounds}.
 */
public final class ConsensusProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(ConsensusProtocol.class);

  /** The protocol's result. */
  public record Outcome(List<ConsensusRound> rounds, boolean consensus, double score) {}

  private final List<ClinicalJudge> judges;
  private final int maxRounds;
  private final boolean skipFailedJudges;

  /**
   * @param judges the judges, in the order they speak
   * @param maxRounds the most rounds (the paper: 5)
   * @param skipFailedJudges leave a judge out of a round when its endpoint fails, instead of failing
   *     the record
   */
  public ConsensusProtocol(List<ClinicalJudge> judges, int maxRounds, boolean skipFailedJudges) {
    if (judges.isEmpty()) {
      throw new IllegalArgumentException("at least one judge is needed");
    }
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be at least 1");
    }
    this.judges = List.copyOf(judges);
    this.maxRounds = maxRounds;
    this.skipFailedJudges = skipFailedJudges;
  }

  public List<ClinicalJudge> judges() {
    return judges;
  }

  /**
   * Runs the protocol on {@code request}.
   *
   * @throws ExternalCallException when a judge fails (or every judge fails, when failed judges are
   *     skipped)
   */
  public Outcome run(JudgeRequest request) {
    List<ConsensusRound> rounds = new ArrayList<>();
    double sum = 0;
    int given = 0;
    Double current = null;
    for (int round = 1; round <= maxRounds; round++) {
      List<Judgement> judgements = new ArrayList<>();
      boolean allAgreed = true;
      for (ClinicalJudge judge : judges) {
        boolean first = current == null;
        Verdict verdict;
        try {
          verdict = judge.judge(request, first ? OptionalDouble.empty() : OptionalDouble.of(current));
        } catch (ExternalCallException e) {
          if (!skipFailedJudges) {
            throw e;
          }
          LOG.warn("judge {} failed in round {}, left out: {}", judge.name(), round, e.getMessage());
          continue;
        }
        boolean agreed = !first && verdict.agreed();
        double score = agreed ? current : verdict.score();
        judgements.add(Judgement.newBuilder().setJudge(judge.name()).setScore(score)
            .setAgreed(agreed).setRationale(verdict.rationale()).build());
        sum += score;
        given++;
        if (!first && !agreed) {
          allAgreed = false;
        }
        current = score;
      }
      rounds.add(ConsensusRound.newBuilder().setRound(round).setJudgements(judgements).build());
      if (given == 0) {
        throw new ExternalCallException("no judge answered", "every judge failed in round " + round);
      }
      if (allAgreed) {
        return new Outcome(rounds, true, current);
      }
    }
    return new Outcome(rounds, false, sum / given);
  }
}
