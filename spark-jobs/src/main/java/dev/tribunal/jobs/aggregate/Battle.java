package dev.tribunal.jobs.aggregate;

import java.util.Objects;

/**
 * One meta-judge battle with its verdict.
 *
 * @param first   player index of the judgment shown first
 * @param second  player index of the judgment shown second
 * @param verdict who won, by position
 */
public record Battle(int first, int second, Verdict verdict) {

  public Battle {
    Objects.requireNonNull(verdict, "battle verdict");
  }

  public boolean parsed() {
    return verdict != Verdict.UNPARSED;
  }

  /** Player index of the winner; only for parsed battles. */
  public int winner() {
    return switch (verdict) {
      case FIRST -> first;
      case SECOND -> second;
      case UNPARSED -> throw new IllegalStateException("an unparsed battle has no winner");
    };
  }

  /** Player index of the loser; only for parsed battles. */
  public int loser() {
    return winner() == first ? second : first;
  }
}
