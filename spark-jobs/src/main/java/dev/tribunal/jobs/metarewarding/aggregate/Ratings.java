package dev.tribunal.jobs.metarewarding.aggregate;

/**
 * Bradley-Terry ratings of one battle matrix's players, centred (they sum to 0), with how the fit
 * went.
 */
public final class Ratings {

  private static final double ELO_PER_NAT = 400 / Math.log(10);

  private final double[] epsilon;
  private final FitReport fit;

  Ratings(double[] epsilon, FitReport fit) {
    this.epsilon = epsilon;
    this.fit = fit;
  }

  /**
   * Ratings read back from the Elo scale (a ratings table), for selecting pairs from them. The
   * fit's diagnostics are not stored with the ratings: iterations 0, not converged, gradient NaN.
   */
  public static Ratings fromElo(double[] elo) {
    double[] epsilon = new double[elo.length];
    for (int i = 0; i < elo.length; i++) {
      if (!Double.isFinite(elo[i])) {
        throw new IllegalArgumentException("rating " + i + " is not finite: " + elo[i]);
      }
      epsilon[i] = (elo[i] - 1000) / ELO_PER_NAT;
    }
    return new Ratings(epsilon, FitReport.UNKNOWN);
  }

  /** The familiar Elo scale of a rating: {@code 1000 + 400·ε/ln 10}. */
  public static double toElo(double epsilon) {
    return 1000 + ELO_PER_NAT * epsilon;
  }

  public int players() {
    return epsilon.length;
  }

  /** Rating ε of player i (natural log-odds scale, centred). */
  public double epsilon(int player) {
    return epsilon[player];
  }

  /** Rating of player i on the Elo scale. */
  public double elo(int player) {
    return toElo(epsilon[player]);
  }

  /** A copy of all ratings ε. */
  public double[] toArray() {
    return epsilon.clone();
  }

  /** How the fit that produced these ratings ended. */
  public FitReport fit() {
    return fit;
  }

  /** The highest-rated player; the lowest index among exact ties. */
  public int best() {
    int best = 0;
    for (int i = 1; i < epsilon.length; i++) {
      if (epsilon[i] > epsilon[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The lowest-rated player; the lowest index among exact ties. */
  public int worst() {
    int worst = 0;
    for (int i = 1; i < epsilon.length; i++) {
      if (epsilon[i] < epsilon[worst]) {
        worst = i;
      }
    }
    return worst;
  }
}
