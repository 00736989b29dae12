package org.mmedpo.streams.scoring;

import java.util.List;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.Operation;
import org.mmedpo.streams.llm.Deadline;

/**
 * One dispreferred text to judge.
 *
 * @param itemType REPORT, VQA_CLOSED or VQA_OPEN
 * @param prompt the question or report instruction
 * @param chosen the ground truth
 * @param rejected the dispreferred text
 * @param operations what the generator says it did (judges may ignore it)
 * @param deadline time left for external calls
 */
public record JudgeRequest(ItemType itemType, String prompt, String chosen, String rejected,
    List<Operation> operations, Deadline deadline) {

  public JudgeRequest {
    operations = operations == null ? List.of() : List.copyOf(operations);
  }
}
