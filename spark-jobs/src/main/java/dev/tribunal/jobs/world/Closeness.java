package dev.tribunal.jobs.world;

/**
 * How close a response's answer is to the gold answer. The levels nest: an exact answer is
 * also substantially and partially correct, so the rubric points for correctness are the ordinal.
 */
public enum Closeness {
  WRONG, PARTIAL, SUBSTANTIAL, EXACT;

  /** Rubric points for correctness: partially (+1), substantially (+1), exactly (+1). */
  public int points() {
    return ordinal();
  }
}
