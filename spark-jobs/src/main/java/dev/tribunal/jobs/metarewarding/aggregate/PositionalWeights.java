package dev.tribunal.jobs.metarewarding.aggregate;

import dev.tribunal.schemas.Winner;
import java.io.Serializable;
import java.util.List;

/**
 * Wins by position over the battles in scope, and the weights that undo the positional bias:
 * {@code ω1 = w2 / (w1 + w2)} for a win shown first, {@code ω2 = w1 / (w1 + w2)} for a win shown
 * second. A win in the favoured position counts for less.
 *
 * <p>For the per-iteration scope, count each response's battles with {@link #count(List)}, add the
 * counts up over the iteration with {@link #plus(PositionalWeights)} and pass the sum to
 * {@link BattleMatrix#build}.
 *
 * @param firstWins  {@code w1}, battles won by the judgment shown first
 * @param secondWins {@code w2}, battles won by the judgment shown second
 */
public record PositionalWeights(long firstWins, long secondWins) implements Serializable {

  public static final PositionalWeights NONE = new PositionalWeights(0, 0);

  public PositionalWeights {
    if (firstWins < 0 || secondWins < 0) {
      throw new IllegalArgumentException("win counts must be >= 0, got w1=" + firstWins + " w2=" + secondWins);
    }
  }

  /** Counts wins by position; unparsed battles are not counted. */
  public static PositionalWeights count(List<Battle> battles) {
    long first = 0;
    long second = 0;
    for (Battle battle : battles) {
      if (battle.verdict() == Winner.A) {
        first++;
      } else if (battle.verdict() == Winner.B) {
        second++;
      }
    }
    return new PositionalWeights(first, second);
  }

  public PositionalWeights plus(PositionalWeights other) {
    return new PositionalWeights(firstWins + other.firstWins, secondWins + other.secondWins);
  }

  public long decided() {
    return firstWins + secondWins;
  }

  /** {@code ω1}, the weight of a win while shown first. Undefined without a decided battle. */
  public double omegaFirst() {
    requireDecided();
    return (double) secondWins / decided();
  }

  /** {@code ω2}, the weight of a win while shown second. Undefined without a decided battle. */
  public double omegaSecond() {
    requireDecided();
    return (double) firstWins / decided();
  }

  private void requireDecided() {
    if (decided() == 0) {
      throw new IllegalStateException("no decided battle in scope: w1 + w2 = 0, positional weights undefined");
    }
  }
}
