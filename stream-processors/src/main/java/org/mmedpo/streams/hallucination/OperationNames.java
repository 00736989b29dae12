package org.mmedpo.streams.hallucination;

/** The names recorded in {@code Operation.name}, shared by every generator. */
public final class OperationNames {

  public static final String NEGATE_FINDING = "negate_finding";
  public static final String SWAP_LATERALITY = "swap_laterality";
  public static final String MOVE_LOCATION = "move_location";
  public static final String CHANGE_SEVERITY = "change_severity";
  public static final String SUBSTITUTE_FINDING = "substitute_finding";
  public static final String INVENT_FINDING = "invent_finding";
  public static final String OMIT_FINDING = "omit_finding";
  public static final String CHANGE_IMPRESSION = "change_impression";
  public static final String WRONG_ANSWER = "wrong_answer";
  public static final String LLM_REWRITE = "llm_rewrite";
  public static final String LESION_NOISE = "lesion_noise";
  /** Target-model sampling kept a sampled candidate; {@code after} says which and its score. */
  public static final String SAMPLED_ANSWER = "sampled_answer";
  /** Target-model sampling fell back to another generator; {@code after} says why. */
  public static final String SAMPLING_FALLBACK = "sampling_fallback";

  private OperationNames() {}
}
