package dev.tribunal.jobs.metarewarding.aggregate;

/**
 * A selected judge pair: two judgments of the same response, the better one by the meta-judge's
 * ratings. Its training prompt is the judge prompt for that response.
 *
 * @param chosenRating   ε of the chosen judgment
 * @param rejectedRating ε of the rejected judgment
 */
public record JudgePair(String responseId, String chosenJudgmentId, String rejectedJudgmentId,
            double chosenRating, double rejectedRating,
            double chosenScore, double rejectedScore,
            int chosenLength, int rejectedLength) {

  public double chosenElo() {
    return Ratings.toElo(chosenRating);
  }

  public double rejectedElo() {
    return Ratings.toElo(rejectedRating);
  }
}
