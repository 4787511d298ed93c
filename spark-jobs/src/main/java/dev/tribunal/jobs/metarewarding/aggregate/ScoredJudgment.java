package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One judgment of a response, as aggregation sees it.
 *
 * @param id        the judgment's id
 * @param score     the parsed score when the parse succeeded; empty for every parse failure
 *                  (a failure is never turned into a number)
 * @param length    length of the judgment text, in the unit the caller measures lengths in
 * @param duplicate true when an earlier judgment of the same response has exactly the same text:
 *                  its score still counts towards the response's score, but it never battles
 *                  (a judgment compared with an identical copy tells the meta-judge nothing)
 */
public record ScoredJudgment(String id, OptionalDouble score, int length, boolean duplicate) {

  public ScoredJudgment {
    Objects.requireNonNull(id, "judgment id");
    Objects.requireNonNull(score, "score of judgment " + id);
    if (score.isPresent() && !Double.isFinite(score.getAsDouble())) {
      throw new IllegalArgumentException("judgment " + id + ": score must be finite, got " + score.getAsDouble());
    }
    if (length < 0) {
      throw new IllegalArgumentException("judgment " + id + ": length must be >= 0, got " + length);
    }
  }

  /** A judgment with a valid score that is not a duplicate. */
  public static ScoredJudgment valid(String id, double score, int length) {
    return new ScoredJudgment(id, OptionalDouble.of(score), length, false);
  }

  /** A judgment whose score could not be parsed. */
  public static ScoredJudgment unparsed(String id, int length) {
    return new ScoredJudgment(id, OptionalDouble.empty(), length, false);
  }

  public boolean hasScore() {
    return score.isPresent();
  }

  /** Whether this judgment takes part in meta-judge battles. */
  public boolean isPlayer() {
    return score.isPresent() && !duplicate;
  }
}
