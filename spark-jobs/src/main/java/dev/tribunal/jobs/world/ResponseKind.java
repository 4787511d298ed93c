package dev.tribunal.jobs.world;

import java.util.Arrays;
import java.util.List;

/**
 * The kinds of response the world writes to a task, each landing on one gold grade, so that
 * judge data covers every score from 0 to 5. "Verbose" wraps the answer in a sentence, which
 * costs exactly the no-extraneous-text point.
 */
public enum ResponseKind {
  EXACT(Closeness.EXACT, false),           // 5
  EXACT_VERBOSE(Closeness.EXACT, true),    // 4
  NEAR(Closeness.SUBSTANTIAL, false),      // 4
  NEAR_VERBOSE(Closeness.SUBSTANTIAL, true), // 3
  PARTIAL(Closeness.PARTIAL, false),       // 3
  PARTIAL_VERBOSE(Closeness.PARTIAL, true), // 2
  WRONG(Closeness.WRONG, false),           // 2
  WRONG_VERBOSE(Closeness.WRONG, true),    // 1
  /** An answer of the wrong kind, e.g. a word where a number is asked. */
  OFF_FORMAT(GoldGrade.NO_ANSWER),         // 0
  EMPTY(GoldGrade.NO_ANSWER);              // 0

  private final GoldGrade grade;

  ResponseKind(Closeness closeness, boolean verbose) {
    this(new GoldGrade(true, closeness, !verbose));
  }

  ResponseKind(GoldGrade grade) {
    this.grade = grade;
  }

  /** The gold grade a response of this kind gets. */
  public GoldGrade grade() {
    return grade;
  }

  public int score() {
    return grade.score();
  }

  /** The kinds that score exactly {@code score}. */
  public static List<ResponseKind> scoring(int score) {
    if (score < 0 || score > 5) {
      throw new IllegalArgumentException("scores are 0..5, got " + score);
    }
    return Arrays.stream(values()).filter(k -> k.score() == score).toList();
  }
}
