package dev.tribunal.jobs.bond;

import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.train.BondExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The training examples of one round, per prompt, from rated samples (pure, so they are tested by
 * hand): J-BOND's (3.4) and BOND's (3.3) forward and backward terms.
 */
final class BondExamples {
  private BondExamples() {}

  /**
   * A rated sample.
   *
   * @param refLogp log π_ref (BOND) or log π_anchor (J-BOND with γ > 0) of the response; NaN where not scored
   */
  record Rated(String promptId, String response, double reward, double refLogp) {}

  /**
   * J-BOND: SFT on the better of the two anchor samples; a policy gradient on the policy's one sample
   * with reward 0 when it beats the worse anchor sample, {@code negative} otherwise (and γ's anchor
   * regulariser, see {@link #backward}).
   */
  static List<BondExample> jBond(Map<String, Prompt> prompts, Map<String, List<Rated>> policy,
      Map<String, List<Rated>> anchor, double negative, double gamma, Function<String, Long> seed) {
    List<BondExample> out = new ArrayList<>();
    for (var e : policy.entrySet()) {
      List<Rated> anchors = anchor.getOrDefault(e.getKey(), List.of());
      if (anchors.size() != 2 || e.getValue().size() != 1) continue;
      Prompt prompt = prompts.get(e.getKey());
      Rated mine = e.getValue().get(0);
      double a = anchors.get(0).reward();
      double b = anchors.get(1).reward();
      out.add(BondExample.forward(prompt, anchors.get(JBond.betterAnchor(a, b, seed.apply(e.getKey()))).response()));
      out.add(backward(prompt, mine, JBond.reward(mine.reward(), a, b, negative), gamma));
    }
    return out;
  }

  /**
   * J-BOND's backward example; with γ > 0 the KL(π‖π_anchor) regulariser joins the reward as
   * γ·(log π_anchor(y) − log π(y)), log π_anchor(y) carried in refLogp and −γ·log π(y) by the trainer.
   */
  private static BondExample backward(Prompt prompt, Rated mine, double reward, double gamma) {
    if (gamma == 0) return BondExample.backward(prompt, mine.response(), reward, 0);
    if (Double.isNaN(mine.refLogp())) throw new IllegalStateException("the anchor regulariser needs log pi_anchor of "
        + "the policy's sample, which was not scored");
    return BondExample.backward(prompt, mine.response(), reward + gamma * mine.refLogp(), gamma);
  }

  /**
   * BOND: SFT on the Best-of-N of the prompt's reference samples; a policy gradient on each policy
   * sample with reward (N−1)·log p̂≤(y) + log π_ref(y), its quantile among the reference samples,
   * and the policy's own −log π(y) (weight 1) subtracted by the trainer.
   */
  static List<BondExample> bond(Map<String, Prompt> prompts, Map<String, List<Rated>> policy,
      Map<String, List<Rated>> reference, Function<String, Long> seed) {
    List<BondExample> out = new ArrayList<>();
    for (var e : policy.entrySet()) {
      List<Rated> refs = reference.getOrDefault(e.getKey(), List.of());
      if (refs.isEmpty()) continue;
      Prompt prompt = prompts.get(e.getKey());
      double[] refRewards = refs.stream().mapToDouble(Rated::reward).toArray();
      out.add(BondExample.forward(prompt, refs.get(BestOfN.best(refRewards, seed.apply(e.getKey()))).response()));
      for (Rated mine : e.getValue()) {
        if (Double.isNaN(mine.refLogp())) continue;
        double r = BestOfN.backwardReward(BestOfN.quantiles(mine.reward(), refRewards), refs.size(), mine.refLogp(),
            refs.size());
        out.add(BondExample.backward(prompt, mine.response(), r, 1));
      }
    }
    return out;
  }
}
