package org.mmedpo.streams.radiology;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A sentence pattern that states normality ("The lungs are clear") and so denies findings without
 * naming them.
 *
 * @param pattern case-insensitive pattern of the statement
 * @param denies the findings it denies
 * @param organ the organ it describes
 */
public record NormalStatement(Pattern pattern, List<String> denies, String organ) {

  public NormalStatement {
    denies = List.copyOf(denies);
  }
}
