package dev.tribunal.jobs.metarewarding.aggregate;

/**
 * How a Bradley-Terry fit ended.
 *
 * @param iterations   Newton steps taken
 * @param converged    whether the gradient norm fell below the tolerance (else the step cap stopped it)
 * @param gradientNorm Euclidean norm of the objective's gradient at the returned ratings (before centring)
 */
public record FitReport(int iterations, boolean converged, double gradientNorm) {
  /** The report of ratings whose fit is not known (ratings read back from a table). */
  static final FitReport UNKNOWN = new FitReport(0, false, Double.NaN);
}
