package dev.tribunal.jobs.eval;

/**
 * Pairs counted by the sign of gold's verdict on them: agreed with (&gt; 0), disagreed with
 * (&lt; 0), or a tie (0). Shares are NaN where nothing was counted.
 */
public final class PairTally {
  private int agree;
  private int disagree;
  private int ties;

  public void add(int preference) {
    if (preference > 0) agree++;
    else if (preference < 0) disagree++;
    else ties++;
  }

  /** Pairs that were not ties. */
  public int decided() {
    return agree + disagree;
  }

  public int all() {
    return decided() + ties;
  }

  /** Share of the decided pairs gold agrees with. */
  public double agreement() {
    return decided() == 0 ? Double.NaN : agree / (double) decided();
  }

  public double tieShare() {
    return all() == 0 ? Double.NaN : ties / (double) all();
  }

  /** Agreement over all pairs, a tie counting one half. */
  public double agreementTiesHalf() {
    return all() == 0 ? Double.NaN : (agree + 0.5 * ties) / all();
  }
}
