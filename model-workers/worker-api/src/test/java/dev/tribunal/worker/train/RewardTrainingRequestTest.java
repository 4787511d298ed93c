package dev.tribunal.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.train.loss.PairRewards;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardTrainingRequestTest {

  private static final TrainingRun RUN = new TrainingRun(Path.of("base"), Path.of("out"), Path.of("m.jsonl"), 1);

  static List<RewardPair> pairs(int n) {
    List<RewardPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new RewardPair(Prompt.user("q" + i), "a" + i, "b" + i, (i % 3) / 2.0));
    return out;
  }

  static RewardTrainingRequest request(List<RewardPair> pairs, long seed, double heldOut) {
    return new RewardTrainingRequest(RUN, TrainingConfig.builder(Objective.REWARD).seed(seed).build(), pairs, heldOut);
  }

  @Test
  void theHeldOutShareIsDrawnBySeedAndPartitionsThePairs() {
    List<RewardPair> pairs = pairs(40);
    RewardTrainingRequest.Split split = request(pairs, 7, 0.25).split();
    assertEquals(10, split.heldOut().size());
    assertEquals(30, split.training().size());
    var all = new HashSet<>(split.training());
    all.addAll(split.heldOut());
    assertEquals(new HashSet<>(pairs), all);
    assertEquals(split, request(pairs, 7, 0.25).split());
    assertNotEquals(split.heldOut(), request(pairs, 8, 0.25).split().heldOut());
    assertTrue(request(pairs, 7, 0).split().heldOut().isEmpty());
  }

  @Test
  void refusesWhatCannotTrain() {
    TrainingConfig dpo = TrainingConfig.builder(Objective.DPO).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RewardTrainingRequest(RUN, dpo, pairs(4), 0.1));
    assertTrue(e.getMessage().contains("objective must be reward"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> request(pairs(4), 1, 1.0));
    e = assertThrows(IllegalArgumentException.class, () -> request(pairs(1), 1, 0.6));
    assertTrue(e.getMessage().contains("leave none to train on"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RewardPair(Prompt.text("q"), "a", "b", 1.2));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
  }

  @Test
  void theRewardObjectiveIsNoPolicyObjective() {
    assertFalse(Objective.REWARD.isPreference());
    assertTrue(Objective.REWARD.trainsRewardModel());
    assertEquals(1e-5, TrainingConfig.builder(Objective.REWARD).build().learningRate());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Objective.REWARD.loss(TrainingConfig.builder(Objective.REWARD).build()));
    assertTrue(e.getMessage().contains("soft Bradley-Terry"), e.getMessage());
  }

  @Test
  void theFingerprintSeesLabelsAndPromptKinds() {
    List<RewardPair> pairs = pairs(3);
    assertEquals(RewardPair.fingerprint(pairs), RewardPair.fingerprint(pairs(3)));
    List<RewardPair> relabelled = new ArrayList<>(pairs);
    relabelled.set(1, new RewardPair(pairs.get(1).prompt(), "a1", "b1", 0.9));
    assertNotEquals(RewardPair.fingerprint(pairs), RewardPair.fingerprint(relabelled));
    assertNotEquals(RewardPair.fingerprint(List.of(new RewardPair(Prompt.text("user"), "a", "b", 1))),
        RewardPair.fingerprint(List.of(new RewardPair(Prompt.user(""), "a", "b", 1))));
  }

  @Test
  void evaluationCountsDecisivePairsAndAveragesTheLoss() {
    RewardEvaluation e = RewardEvaluation.of(List.of(new PairRewards(1, 0, 0.9), new PairRewards(0, 1, 0.8),
        new PairRewards(0, 0, 0.5)));
    assertEquals(3, e.pairs());
    assertEquals(2, e.decisive());
    assertEquals(0.5, e.accuracy(), 0);
    assertEquals(Map.of("h/pairs", 3.0, "h/decisive_pairs", 2.0, "h/accuracy", 0.5, "h/loss", e.loss()),
        e.metrics("h/"));
    assertTrue(Double.isNaN(RewardEvaluation.of(List.of()).accuracy()));
    assertEquals(Map.of("h/pairs", 0.0, "h/decisive_pairs", 0.0), RewardEvaluation.of(List.of()).metrics("h/"));
  }

  @Test
  void rewardStatsReadTheLabelledOrder() {
    RewardStats s = RewardStats.of(
        List.of(new PairRewards(2, 0, 1), new PairRewards(1, 3, 0.2), new PairRewards(9, 9, 0.5)));
    assertEquals(2.5, s.chosen(), 0); // 2 and 3, the preferred responses' rewards
    assertEquals(0.5, s.rejected(), 0);
    assertEquals(1.0, s.accuracy(), 0);
    assertEquals(2.0, s.margin(), 0);
    assertTrue(Double.isNaN(s.logpsChosen()));
  }
}
