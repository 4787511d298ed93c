package dev.tribunal.jobs.metarewarding.aggregate;

import dev.tribunal.schemas.Winner;
import java.util.List;
import java.util.Objects;

/**
 * The battle matrix of one response's judgments: {@code B[m][n]} is how much judgment m beat
 * judgment n. With {@link BattleWeighting#POSITIONAL}:
 * <pre>
 *   B[m][n] = ω1·1[m won when shown first against n] + ω2·1[m won when shown second against n]
 * </pre>
 * with ω from {@link PositionalWeights}. With {@link BattleWeighting#CONSISTENCY}, for each pair
 * of players the two orders together are one game: {@code B[w][l] = 1} when the same judgment w
 * won both orders, else {@code B[m][n] = B[n][m] = 1/2}. Both give a pair at most one unit of
 * win mass per two battles, so the rating fit's ridge means the same under either weighting.
 *
 * <p>Each ordered battle (m first, n second) may appear at most once, as the plan schedules it.
 * Unparsed verdicts are excluded and counted. A matrix built from no usable battle is empty
 * ({@link #hasBattles()} false): it carries no information and must not be rated.
 */
public final class BattleMatrix {

  private static final byte MISSING = 0;
  private static final byte FIRST_WON = 1;
  private static final byte SECOND_WON = 2;
  private static final byte UNPARSED = 3;

  private final int players;
  private final double[] wins;
  private final int usedBattles;
  private final int unparsedBattles;
  private final int unpairedBattles;

  private BattleMatrix(int players, double[] wins, int usedBattles, int unparsedBattles, int unpairedBattles) {
    this.players = players;
    this.wins = wins;
    this.usedBattles = usedBattles;
    this.unparsedBattles = unparsedBattles;
    this.unpairedBattles = unpairedBattles;
  }

  /**
   * Builds the matrix under the configured weighting and scope.
   *
   * @param iterationWeights the win counts of the whole iteration; required for
   *                         {@link WeightScope#PER_ITERATION} with positional weighting, ignored
   *                         otherwise (may be null then)
   */
  public static BattleMatrix build(int players, List<Battle> battles, BattleWeighting weighting,
                   WeightScope scope, PositionalWeights iterationWeights) {
    Objects.requireNonNull(weighting, "battle weighting");
    Objects.requireNonNull(scope, "positional weight scope");
    if (weighting == BattleWeighting.CONSISTENCY) {
      return consistency(players, battles);
    }
    PositionalWeights weights = scope == WeightScope.PER_RESPONSE
        ? PositionalWeights.count(battles)
        : Objects.requireNonNull(iterationWeights, "per-iteration positional weights");
    return positional(players, battles, weights);
  }

  /** Positional weighting with ω from {@code weights} (count them over the scope you want). */
  public static BattleMatrix positional(int players, List<Battle> battles, PositionalWeights weights) {
    orderedVerdicts(players, battles); // for its checks: indices in range, each order at most once
    int unparsed = countUnparsed(battles);
    int used = battles.size() - unparsed;
    double[] wins = new double[players * players];
    if (used == 0) {
      return new BattleMatrix(players, wins, 0, unparsed, 0);
    }
    if (weights.decided() == 0) {
      throw new IllegalArgumentException("positional weights count no decided battle (w1 + w2 = 0) but "
          + used + " battles are decided here: the weights must be counted over a scope that includes them");
    }
    double omegaFirst = weights.omegaFirst();
    double omegaSecond = weights.omegaSecond();
    for (Battle battle : battles) {
      if (battle.parsed()) {
        double weight = battle.verdict() == Winner.A ? omegaFirst : omegaSecond;
        wins[battle.winner() * players + battle.loser()] += weight;
      }
    }
    return new BattleMatrix(players, wins, used, unparsed, 0);
  }

  /** Consistency weighting: a win counts only when it survives swapping the order. */
  public static BattleMatrix consistency(int players, List<Battle> battles) {
    byte[] verdicts = orderedVerdicts(players, battles);
    int unparsed = countUnparsed(battles);
    double[] wins = new double[players * players];
    int used = 0;
    int unpaired = 0;
    for (int m = 0; m < players; m++) {
      for (int n = m + 1; n < players; n++) {
        byte mFirst = verdicts[m * players + n];
        byte nFirst = verdicts[n * players + m];
        boolean mFirstDecided = mFirst == FIRST_WON || mFirst == SECOND_WON;
        boolean nFirstDecided = nFirst == FIRST_WON || nFirst == SECOND_WON;
        if (mFirstDecided && nFirstDecided) {
          used += 2;
          int winnerMFirst = mFirst == FIRST_WON ? m : n;
          int winnerNFirst = nFirst == FIRST_WON ? n : m;
          if (winnerMFirst == winnerNFirst) {
            int loser = winnerMFirst == m ? n : m;
            wins[winnerMFirst * players + loser] += 1;
          } else {
            wins[m * players + n] += 0.5;
            wins[n * players + m] += 0.5;
          }
        } else if (mFirstDecided || nFirstDecided) {
          unpaired++;
        }
      }
    }
    return new BattleMatrix(players, wins, used, unparsed, unpaired);
  }

  /** Validates the battles and lays their verdicts out by (first, second), row-major. */
  private static byte[] orderedVerdicts(int players, List<Battle> battles) {
    if (players < 1) {
      throw new IllegalArgumentException("a battle matrix needs at least 1 player, got " + players);
    }
    byte[] verdicts = new byte[players * players];
    for (int i = 0; i < battles.size(); i++) {
      Battle battle = battles.get(i);
      checkIndex(i, "first", battle.first(), players);
      checkIndex(i, "second", battle.second(), players);
      if (battle.first() == battle.second()) {
        throw new IllegalArgumentException("battle " + i + ": judgment " + battle.first() + " cannot battle itself");
      }
      int cell = battle.first() * players + battle.second();
      if (verdicts[cell] != MISSING) {
        throw new IllegalArgumentException("battle " + i + ": (" + battle.first() + " first, "
            + battle.second() + " second) appears more than once");
      }
      verdicts[cell] = battle.verdict() == null ? UNPARSED : battle.verdict() == Winner.A ? FIRST_WON : SECOND_WON;
    }
    return verdicts;
  }

  private static void checkIndex(int battle, String role, int index, int players) {
    if (index < 0 || index >= players) {
      throw new IllegalArgumentException("battle " + battle + ": " + role + " index " + index
          + " out of range for " + players + " players");
    }
  }

  private static int countUnparsed(List<Battle> battles) {
    int unparsed = 0;
    for (Battle battle : battles) {
      if (!battle.parsed()) {
        unparsed++;
      }
    }
    return unparsed;
  }

  /**
   * A matrix from given entries, row-major ({@code wins[m * players + n] = B[m][n]}), e.g. win
   * counts collected elsewhere. {@link #usedBattles()} then counts the positive entries.
   */
  public static BattleMatrix of(int players, double[] wins) {
    if (players < 1 || wins.length != players * players) {
      throw new IllegalArgumentException("a battle matrix of " + players + " players needs "
          + players * players + " entries, got " + wins.length);
    }
    int decided = 0;
    for (int i = 0; i < wins.length; i++) {
      if (!(wins[i] >= 0) || Double.isInfinite(wins[i])) {
        throw new IllegalArgumentException("battle matrix entry [" + i / players + "][" + i % players
            + "] must be finite and >= 0, got " + wins[i]);
      }
      if (i / players == i % players && wins[i] != 0) {
        throw new IllegalArgumentException("battle matrix diagonal [" + i / players + "][" + i / players
            + "] must be 0, got " + wins[i]);
      }
      if (wins[i] > 0) {
        decided++;
      }
    }
    return new BattleMatrix(players, wins.clone(), decided, 0, 0);
  }

  public int players() {
    return players;
  }

  /** {@code B[m][n]}. */
  public double get(int m, int n) {
    return wins[m * players + n];
  }

  /** A copy of the entries, row-major. */
  public double[] toArray() {
    return wins.clone();
  }

  /** Entries row-major, without a copy: for the rating fit only, never to be written. */
  double[] entries() {
    return wins;
  }

  /** Battles that contributed to the matrix. */
  public int usedBattles() {
    return usedBattles;
  }

  /** Battles without a parsed verdict (excluded). */
  public int unparsedBattles() {
    return unparsedBattles;
  }

  /** Consistency weighting only: decided battles whose swapped twin is missing or unparsed (excluded). */
  public int unpairedBattles() {
    return unpairedBattles;
  }

  /** False when no battle contributed: such a matrix must not be rated. */
  public boolean hasBattles() {
    return usedBattles > 0;
  }
}
