package dev.tribunal.jobs.metarewarding.aggregate;

/** How battle verdicts become matrix entries. */
public enum BattleWeighting {
  /** Every win counts, weighted by ω of the position it was won in (the paper). */
  POSITIONAL,
  /**
   * A win counts only when the same judgment wins in both orders; otherwise the two orders are a
   * tie, half a win to each (one public implementation).
   */
  CONSISTENCY
}
