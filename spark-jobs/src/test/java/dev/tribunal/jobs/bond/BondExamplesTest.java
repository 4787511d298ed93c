package dev.tribunal.jobs.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.train.BondExample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BondExamplesTest {
  private static final Map<String, Prompt> PROMPTS = Map.of("p", Prompt.user("2+2?"), "q", Prompt.user("3+3?"));

  private static BondExamples.Rated rated(String prompt, String response, double reward) {
    return new BondExamples.Rated(prompt, response, reward, Double.NaN);
  }

  @Test
  void jBondTrainsOnTheBetterAnchorAndRewardsBeatingTheWorseOne() {
    // In prompt order, as the stage hands them over.
    List<BondExample> out = BondExamples.jBond(PROMPTS,
        new java.util.TreeMap<>(Map.of("p", List.of(rated("p", "4", 5)), "q", List.of(rated("q", "7", 1)))),
        Map.of("p", List.of(rated("p", "5", 2), rated("p", "4.", 4)), "q", List.of(rated("q", "6", 5), rated("q", "9", 1))),
        -2.0, 0, p -> 1L);
    // p: the better anchor is "4." (4 > 2); the policy's 5 beats the worse anchor's 2: reward 0.
    assertEquals(BondExample.forward(PROMPTS.get("p"), "4."), out.get(0));
    assertEquals(BondExample.backward(PROMPTS.get("p"), "4", 0, 0), out.get(1));
    // q: the policy's 1 only ties the worse anchor's 1: the negative constant.
    assertEquals(BondExample.forward(PROMPTS.get("q"), "6"), out.get(2));
    assertEquals(BondExample.backward(PROMPTS.get("q"), "7", -2.0, 0), out.get(3));
  }

  @Test
  void jBondSkipsAPromptWithoutTwoRatedAnchorSamples() {
    assertEquals(List.of(), BondExamples.jBond(PROMPTS, Map.of("p", List.of(rated("p", "4", 5))),
        Map.of("p", List.of(rated("p", "5", 2))), -1.0, 0, p -> 1L));
  }

  @Test
  void theAnchorRegulariserAddsGammaTimesTheAnchorLogProbAndWeighsThePolicysOwn() {
    var mine = new BondExamples.Rated("p", "4", 5, -3.0); // log pi_anchor(y) = -3
    List<BondExample> out = BondExamples.jBond(PROMPTS, Map.of("p", List.of(mine)),
        Map.of("p", List.of(rated("p", "5", 2), rated("p", "4.", 4))), -2.0, 0.5, p -> 1L);
    assertEquals(BondExample.backward(PROMPTS.get("p"), "4", 0 + 0.5 * -3.0, 0.5), out.get(1));
  }

  @Test
  void bondTrainsOnTheReferencesBestAndRewardsTheQuantileAndTheReferenceLogProb() {
    List<BondExamples.Rated> refs = List.of(rated("p", "a", 1), rated("p", "b", 3), rated("p", "c", 2), rated("p", "d", 2));
    var mine = new BondExamples.Rated("p", "mine", 2, -4.0);
    List<BondExample> out = BondExamples.bond(PROMPTS, Map.of("p", List.of(mine)), Map.of("p", refs), p -> 1L);
    assertEquals(BondExample.forward(PROMPTS.get("p"), "b"), out.get(0));
    // Reward 2 is at most 3 of the 4 reference rewards: p<= = 3/4, N = 4: 3 log(3/4) + log pi_ref(y).
    assertEquals(BondExample.backward(PROMPTS.get("p"), "mine", 3 * Math.log(0.75) - 4.0, 1), out.get(1));
  }
}
