package dev.tribunal.jobs.metarewarding.aggregate;

/**
 * Judge pairs from meta-judge ratings (spec section 1, step 4, last part): chosen = the highest
 * rated judgment, rejected = the lowest rated (lowest player index among exact ties).
 */
public final class JudgePairs {

  private JudgePairs() {
  }

  /**
   * The judge-pair step for one planned response once its battles are judged: rates the matrix
   * unless no battle was usable. (A prompt without a plan is
   * {@link JudgePairDrop#NO_DISAGREEMENT}: see {@link MetaJudgePlan#forPrompt}.)
   */
  public static JudgePairOutcome select(MetaJudgePlan plan, BattleMatrix matrix,
                      BradleyTerryFit fit, JudgePairConfig config) {
    if (matrix.players() != plan.players().size()) {
      throw new IllegalArgumentException("response " + plan.responseId() + ": battle matrix of "
          + matrix.players() + " players for " + plan.players().size() + " planned players");
    }
    if (!matrix.hasBattles()) {
      return JudgePairOutcome.dropped(JudgePairDrop.NO_VALID_BATTLES);
    }
    return fromRatings(plan, fit.fit(matrix), config);
  }

  /**
   * Picks the pair from fitted ratings. Checks run in the order of {@link JudgePairDrop}; the
   * first that applies is the reason.
   */
  public static JudgePairOutcome fromRatings(MetaJudgePlan plan, Ratings ratings, JudgePairConfig config) {
    if (ratings.players() != plan.players().size()) {
      throw new IllegalArgumentException("response " + plan.responseId() + ": " + ratings.players()
          + " ratings for " + plan.players().size() + " players");
    }
    int best = ratings.best();
    int worst = ratings.worst();
    if (ratings.epsilon(best) - ratings.epsilon(worst) <= config.ratingTieTolerance()) {
      return JudgePairOutcome.dropped(JudgePairDrop.RATINGS_TIE);
    }
    ScoredJudgment chosen = plan.players().get(best);
    ScoredJudgment rejected = plan.players().get(worst);
    double chosenScore = chosen.score().getAsDouble();
    double rejectedScore = rejected.score().getAsDouble();
    if (config.dropSameScore() && chosenScore == rejectedScore) {
      return JudgePairOutcome.dropped(JudgePairDrop.SAME_SCORE);
    }
    if (chosen.length() > config.maxChosenLength()) {
      return JudgePairOutcome.dropped(JudgePairDrop.CHOSEN_TOO_LONG);
    }
    return JudgePairOutcome.selected(new JudgePair(plan.responseId(), chosen.id(), rejected.id(),
        ratings.epsilon(best), ratings.epsilon(worst), chosenScore, rejectedScore,
        chosen.length(), rejected.length()));
  }
}
