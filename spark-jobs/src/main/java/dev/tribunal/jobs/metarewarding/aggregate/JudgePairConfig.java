package dev.tribunal.jobs.metarewarding.aggregate;

import java.io.Serializable;

/**
 * Knobs of judge pair selection.
 *
 * @param dropSameScore      drop the pair when both judgments gave the same score (such a pair
 *                           teaches wording, not judging)
 * @param maxChosenLength    the paper's length filter: drop the pair when the chosen judgment is
 *                           longer than this, in the caller's length unit;
 *                           {@link #NO_LENGTH_CAP} for none
 * @param ratingTieTolerance the best and worst ratings (ε) closer than this count as a tie
 */
public record JudgePairConfig(boolean dropSameScore, int maxChosenLength, double ratingTieTolerance)
    implements Serializable {

  public static final int NO_LENGTH_CAP = Integer.MAX_VALUE;
  public static final double DEFAULT_RATING_TIE_TOLERANCE = 1e-9;

  public JudgePairConfig {
    if (maxChosenLength < 0) {
      throw new IllegalArgumentException("judge pair maxChosenLength must be >= 0, got " + maxChosenLength);
    }
    if (!(ratingTieTolerance >= 0)) {
      throw new IllegalArgumentException("judge pair ratingTieTolerance must be >= 0, got " + ratingTieTolerance);
    }
  }

  /** Same-score pairs dropped, no length cap, ties within {@value #DEFAULT_RATING_TIE_TOLERANCE}. */
  public static JudgePairConfig defaults() {
    return new JudgePairConfig(true, NO_LENGTH_CAP, DEFAULT_RATING_TIE_TOLERANCE);
  }

  public JudgePairConfig withMaxChosenLength(int maxChosenLength) {
    return new JudgePairConfig(dropSameScore, maxChosenLength, ratingTieTolerance);
  }

  public JudgePairConfig withDropSameScore(boolean dropSameScore) {
    return new JudgePairConfig(dropSameScore, maxChosenLength, ratingTieTolerance);
  }
}
