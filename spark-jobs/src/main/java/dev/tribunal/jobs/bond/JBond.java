package dev.tribunal.jobs.bond;

/**
 * J-BOND's per-prompt rewards (spec 3.4): one policy sample scored against two anchor samples,
 * i.e. Best-of-2 of the anchor.
 */
public final class JBond {
  private JBond() {}

  /**
   * J-BOND's crude quantile reward (spec 3.4): 0 when the policy sample's reward is strictly
   * above the worse of the two anchor samples, else {@code negative} (a knob standing in for
   * log 0; must be < 0).
   *
   * <p>A policy sample that only ties the worse anchor sample does not beat it: under the
   * Best-of-2 tie rule it would lose that tie half the time, and "strictly above" is the rule the
   * spec states. {@code negative} must also be finite, because the trainer refuses non-finite
   * rewards.
   */
  public static double reward(double policy, double anchorA, double anchorB, double negative) {
    if (!(negative < 0 && Double.isFinite(negative))) {
      throw new IllegalArgumentException("j-bond: the negative reward must be finite and < 0, was " + negative);
    }
    requireReward(policy, "policy");
    requireReward(anchorA, "anchor a");
    requireReward(anchorB, "anchor b");
    return policy > Math.min(anchorA, anchorB) ? 0 : negative;
  }

  /** The better anchor sample's index (0 or 1), ties broken by seed, for the forward (SFT) term. */
  public static int betterAnchor(double anchorA, double anchorB, long seed) {
    return BestOfN.best(new double[] {anchorA, anchorB}, seed);
  }

  private static void requireReward(double r, String which) {
    if (Double.isNaN(r)) throw new IllegalArgumentException("j-bond: the " + which + " sample's reward is NaN");
  }
}
