package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.List;
import java.util.Optional;

/**
 * A response's score from its judgments: {@code S(y)} is the mean of the valid scores and
 * {@code Var(y)} their spread.
 *
 * <p>The spread is the <b>population</b> variance (divide by the count, NumPy's default): it is
 * defined for a single valid score (0) and it is the variance the judge-pair step ranks responses
 * by, so a response with one lucky extra judgment is not favoured by a small-sample correction.
 *
 * @param validCount number of judgments with a valid score (at least 1)
 * @param mean       {@code S(y)}
 * @param variance   {@code Var(y)}, population variance, {@code >= 0}
 */
public record ResponseScore(int validCount, double mean, double variance) {

  /**
   * Scores a response from all its judgments (parse failures included, they are skipped).
   *
   * @return empty when no judgment has a valid score: the response is then not a candidate
   */
  public static Optional<ResponseScore> of(List<ScoredJudgment> judgments) {
    int count = 0;
    double sum = 0;
    for (ScoredJudgment judgment : judgments) {
      if (judgment.hasScore()) {
        count++;
        sum += judgment.score().getAsDouble();
      }
    }
    if (count == 0) {
      return Optional.empty();
    }
    double mean = sum / count;
    // Two passes: squared deviations from the mean do not cancel catastrophically.
    double squares = 0;
    for (ScoredJudgment judgment : judgments) {
      if (judgment.hasScore()) {
        double deviation = judgment.score().getAsDouble() - mean;
        squares += deviation * deviation;
      }
    }
    return Optional.of(new ResponseScore(count, mean, squares / count));
  }
}
