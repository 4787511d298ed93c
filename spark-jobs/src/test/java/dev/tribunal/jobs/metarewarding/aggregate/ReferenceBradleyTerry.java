package dev.tribunal.jobs.metarewarding.aggregate;

/**
 * An independent, deliberately plain Bradley-Terry fit to check {@link BradleyTerryFit} against:
 * gradient ascent with the fixed step 1/L on the same ridge-penalised log-likelihood, written
 * straight from the formula over ordered pairs. Slow (thousands of steps) but obviously right:
 * the objective is L-smooth and 2λ-strongly concave, so a 1/L step always climbs.
 */
public final class ReferenceBradleyTerry {

  private ReferenceBradleyTerry() {
  }

  /** f(ε) = Σ_{m≠n} B[m][n]·log σ(ε_m − ε_n) − λ·Σ ε². */
  public static double objective(double[] wins, int n, double ridge, double[] epsilon) {
    double f = 0;
    for (int m = 0; m < n; m++) {
      f -= ridge * epsilon[m] * epsilon[m];
      for (int k = 0; k < n; k++) {
        double w = wins[m * n + k];
        if (m != k && w != 0) {
          f += w * logSigmoid(epsilon[m] - epsilon[k]);
        }
      }
    }
    return f;
  }

  /** ∂f/∂ε_i = Σ_k B[i][k]·(1 − σ(ε_i − ε_k)) − Σ_m B[m][i]·(1 − σ(ε_m − ε_i)) − 2λ·ε_i. */
  public static double[] gradient(double[] wins, int n, double ridge, double[] epsilon) {
    double[] g = new double[n];
    for (int m = 0; m < n; m++) {
      g[m] -= 2 * ridge * epsilon[m];
      for (int k = 0; k < n; k++) {
        double w = wins[m * n + k];
        if (m != k && w != 0) {
          double lose = 1 - 1 / (1 + Math.exp(-(epsilon[m] - epsilon[k])));
          g[m] += w * lose;
          g[k] -= w * lose;
        }
      }
    }
    return g;
  }

  /** Gradient ascent to ‖∇f‖ ≤ tolerance; fails loudly if it does not get there. */
  public static double[] fit(double[] wins, int n, double ridge, double tolerance) {
    double maxDegree = 0;
    for (int m = 0; m < n; m++) {
      double degree = 0;
      for (int k = 0; k < n; k++) {
        if (k != m) {
          degree += wins[m * n + k] + wins[k * n + m];
        }
      }
      maxDegree = Math.max(maxDegree, degree);
    }
    // -Hessian <= Laplacian(B + Bᵀ)/4 + 2λI, whose largest eigenvalue is <= maxDegree/2 + 2λ.
    double lipschitz = maxDegree / 2 + 2 * ridge;
    double[] epsilon = new double[n];
    for (int step = 0; step < 5_000_000; step++) {
      double[] g = gradient(wins, n, ridge, epsilon);
      double norm = 0;
      for (double v : g) {
        norm += v * v;
      }
      if (Math.sqrt(norm) <= tolerance) {
        return epsilon;
      }
      for (int i = 0; i < n; i++) {
        epsilon[i] += g[i] / lipschitz;
      }
    }
    throw new IllegalStateException("reference gradient ascent did not converge");
  }

  private static double logSigmoid(double z) {
    return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
  }
}
