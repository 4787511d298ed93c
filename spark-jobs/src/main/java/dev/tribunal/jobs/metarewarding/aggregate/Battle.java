package dev.tribunal.jobs.metarewarding.aggregate;

import dev.tribunal.schemas.Winner;

/**
 * One meta-judge battle with its verdict.
 *
 * @param first   player index of the judgment shown first
 * @param second  player index of the judgment shown second
 * @param verdict who won, by the position shown (A first, B second); null when no winner was parsed
 */
public record Battle(int first, int second, Winner verdict) {

  public boolean parsed() {
    return verdict != null;
  }

  /** Player index of the winner; only for parsed battles. */
  public int winner() {
    if (verdict == null) throw new IllegalStateException("an unparsed battle has no winner");
    return verdict == Winner.A ? first : second;
  }

  /** Player index of the loser; only for parsed battles. */
  public int loser() {
    return winner() == first ? second : first;
  }
}
