package dev.tribunal.schemas;

/** Why a pair has no AI label: never a label of 0 or 0.5, always one of these. */
public enum LabelMissing implements Coded {
  /** A label token ("1" or "2") was not among the log-probs the backend returned for one order. */
  LABEL_TOKEN_MISSING,
  /** A labeling prompt did not fit the model's context. */
  CONTEXT_OVERFLOW,
  /** A judge gave no readable verdict in any of its judgments of the response. */
  NO_VERDICT
}
