package dev.tribunal.jobs.world;

import java.util.Objects;

/**
 * A grade on the additive 5-point rubric: +1 relevant and in the right format, +1/+1/+1 for
 * partially/substantially/exactly correct ({@link Closeness}), +1 for no extraneous text.
 * Correctness and concision points need the format point: a response with no answer of the
 * right kind scores 0.
 */
public record GoldGrade(boolean format, Closeness closeness, boolean concise) {
  /** The grade of a response with no answer of the right kind. */
  public static final GoldGrade NO_ANSWER = new GoldGrade(false, Closeness.WRONG, false);

  public GoldGrade {
    Objects.requireNonNull(closeness, "closeness");
    if (!format && (closeness != Closeness.WRONG || concise)) {
      throw new IllegalArgumentException("without the format point a grade has no other points");
    }
  }

  public int score() {
    return format ? 1 + closeness.points() + (concise ? 1 : 0) : 0;
  }

  public boolean exact() {
    return closeness == Closeness.EXACT;
  }
}
