package org.mmedpo.streams.hallucination;

import java.util.List;
import org.mmedpo.events.Operation;

/**
 * A dispreferred text and how it was made.
 *
 * @param text the wrong text y_l
 * @param operations the named operations applied, in order
 * @param generator which generator made it (a fallback may differ from the configured one)
 * @param generatorVersion its version
 */
public record HallucinatedText(String text, List<Operation> operations, String generator,
    String generatorVersion) {

  public HallucinatedText {
    operations = List.copyOf(operations);
  }
}
