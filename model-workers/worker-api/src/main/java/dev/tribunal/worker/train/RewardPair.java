package dev.tribunal.worker.train;

import dev.tribunal.worker.Prompt;
import java.util.List;

/**
 * One soft-labelled comparison for the distilled reward model (spec 2.6): two responses to a
 * prompt, and the labeller's soft label p = P(A preferred) (B's is 1 − p; 0.5 is a tie).
 */
public record RewardPair(Prompt prompt, String responseA, String responseB, double label) {

  public RewardPair {
    if (prompt == null) throw new IllegalArgumentException("reward pair: prompt is missing");
    if (responseA == null || responseB == null) {
      throw new IllegalArgumentException("reward pair: a response is missing");
    }
    if (!(label >= 0 && label <= 1)) {
      throw new IllegalArgumentException("reward pair: label P(A preferred) must be in [0, 1], was " + label);
    }
  }

  /** SHA-256 of every pair's prompt, responses and label, in order: the lineage's data fingerprint. */
  public static String fingerprint(List<RewardPair> pairs) {
    return Sha256.fingerprint("tribunal-reward-pairs-v1", pairs, (sha, p) -> {
      Sha256.prompt(sha, p.prompt);
      Sha256.text(sha, p.responseA);
      Sha256.text(sha, p.responseB);
      Sha256.number(sha, p.label);
    });
  }
}
