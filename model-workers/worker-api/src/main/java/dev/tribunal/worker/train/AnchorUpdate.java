package dev.tribunal.worker.train;

import java.nio.file.Path;

/**
 * J-BOND's moving anchor (spec 3.4): θ_anchor' = (1−η)·θ_anchor + η·θ, written as a new checkpoint.
 *
 * @param anchor    the current anchor checkpoint θ_anchor; the lineage parent
 * @param policy    the policy checkpoint θ, of the same architecture
 * @param eta       the EMA rate η in [0, 1]: 0 keeps the anchor, 1 copies the policy
 * @param output    the new anchor's directory; it must not exist (checkpoints are immutable)
 * @param iteration the self-improvement iteration the new anchor belongs to
 */
public record AnchorUpdate(Path anchor, Path policy, double eta, Path output, int iteration) {

  public AnchorUpdate {
    if (anchor == null || policy == null || output == null) {
      throw new IllegalArgumentException("anchor update: anchor, policy and output are required");
    }
    if (!(eta >= 0 && eta <= 1)) throw new IllegalArgumentException("anchor update: eta must be in [0, 1], was " + eta);
    if (iteration < 0) throw new IllegalArgumentException("anchor update: iteration must be >= 0, was " + iteration);
    Path out = output.toAbsolutePath().normalize();
    if (out.equals(anchor.toAbsolutePath().normalize()) || out.equals(policy.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("anchor update: output " + output + " is one of its inputs");
    }
  }
}
