package dev.tribunal.worker.train;

import dev.tribunal.worker.Prompt;
import java.util.List;

/**
 * One response for the BOND objective (spec 3.3), scored as the runtime scores a whole turn: the
 * summed log π(y | x) of the response tokens and the end-of-turn token.
 *
 * <p>A {@link Term#FORWARD} example is a Best-of-N sample to imitate (reward and weight 0). A
 * {@link Term#BACKWARD} example is one of the policy's own samples, trained by policy gradient
 * with the effective reward R = reward − policyLogpWeight·log π(y), log π(y) held constant:
 * <ul>
 *   <li>BOND: reward = (N−1)·log p̂≤(y) + log π_ref(y), policyLogpWeight = 1, so R estimates
 *       log π_BoN(y) − log π(y);</li>
 *   <li>J-BOND: reward = 0 when y beats the worse anchor sample, else a negative constant standing
 *       in for log 0, plus γ·log π_anchor(y) with policyLogpWeight = γ for the γ·KL(π ‖ π_anchor)
 *       regulariser (γ = 0 without it).</li>
 * </ul>
 * The caller computes the rewards; the trainer never runs the reference or anchor models.
 */
public record BondExample(Prompt prompt, String response, Term term, double reward, double policyLogpWeight) {

  /** Which KL term of J_β an example trains. */
  public enum Term {
    /** KL(π_BoN ‖ π): maximum likelihood on a Best-of-N sample (mode covering). */
    FORWARD,
    /** KL(π ‖ π_BoN): policy gradient on a sample of π (mode seeking). */
    BACKWARD
  }

  public BondExample {
    if (prompt == null) throw new IllegalArgumentException("bond example: prompt is missing");
    if (response == null) throw new IllegalArgumentException("bond example: response is missing");
    if (term == null) throw new IllegalArgumentException("bond example: term is missing");
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException("bond example: reward must be finite, was " + reward
          + " (stand in for log 0 with a finite negative constant)");
    }
    if (!(policyLogpWeight >= 0 && Double.isFinite(policyLogpWeight))) {
      throw new IllegalArgumentException("bond example: policy_logp_weight must be finite and >= 0, was "
          + policyLogpWeight);
    }
    if (term == Term.FORWARD && (reward != 0 || policyLogpWeight != 0)) {
      // a forward example is imitated whatever its reward; a non-zero one would be silently ignored
      throw new IllegalArgumentException("bond example: a forward example has no reward (got " + reward
          + ") and no policy_logp_weight (got " + policyLogpWeight + ")");
    }
  }

  /** A Best-of-N sample for the forward (SFT) term. */
  public static BondExample forward(Prompt prompt, String response) {
    return new BondExample(prompt, response, Term.FORWARD, 0, 0);
  }

  /** A policy sample for the backward (policy gradient) term. */
  public static BondExample backward(Prompt prompt, String response, double reward, double policyLogpWeight) {
    return new BondExample(prompt, response, Term.BACKWARD, reward, policyLogpWeight);
  }

  /** SHA-256 of every example's prompt, response, term, reward and weight, in order. */
  public static String fingerprint(List<BondExample> examples) {
    return Sha256.fingerprint("tribunal-bond-examples-v1", examples, (sha, e) -> {
      Sha256.prompt(sha, e.prompt);
      Sha256.text(sha, e.response);
      Sha256.text(sha, e.term.name());
      Sha256.number(sha, e.reward);
      Sha256.number(sha, e.policyLogpWeight);
    });
  }
}
