package dev.tribunal.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

  private static TrainingConfig config(long seed) {
    return TrainingConfig.builder(Objective.DPO).batchSize(3).gradAccumulation(2).epochs(2).seed(seed).build();
  }

  @Test
  void everyEpochCoversEveryExampleOnce() {
    BatchPlan plan = BatchPlan.of(10, config(7));
    assertEquals(4, plan.steps().size()); // 6 + 4 examples per epoch, 2 epochs
    for (int epoch = 0; epoch < 2; epoch++) {
      int[] seen = plan.steps().subList(2 * epoch, 2 * epoch + 2).stream()
          .flatMap(s -> s.microBatches().stream()).flatMapToInt(Arrays::stream).sorted().toArray();
      assertArrayEquals(IntStream.range(0, 10).toArray(), seen);
    }
    BatchPlan.Step last = plan.steps().get(1);
    assertEquals(4, last.examples());
    assertEquals(2, last.microBatches().size()); // 3 + 1
    assertEquals(1.0, last.epoch(), 1e-15);
    assertEquals(0.5, plan.steps().get(0).epoch(), 1e-15);
  }

  @Test
  void sameSeedSameOrderOtherSeedOtherOrder() {
    int[] a = flatten(BatchPlan.of(50, config(1)));
    assertArrayEquals(a, flatten(BatchPlan.of(50, config(1))));
    assertFalse(Arrays.equals(a, flatten(BatchPlan.of(50, config(2)))));
  }

  @Test
  void epochsAreShuffledDifferently() {
    BatchPlan plan = BatchPlan.of(50, TrainingConfig.builder(Objective.SFT).batchSize(50).epochs(2).build());
    assertFalse(Arrays.equals(plan.steps().get(0).microBatches().get(0), plan.steps().get(1).microBatches().get(0)));
  }

  @Test
  void maxStepsCyclesThroughEpochs() {
    TrainingConfig c = TrainingConfig.builder(Objective.SFT).batchSize(4).maxSteps(5).build();
    BatchPlan plan = BatchPlan.of(8, c);
    assertEquals(5, plan.steps().size());
    assertEquals(2.5, plan.steps().get(4).epoch(), 1e-15);
  }

  private static int[] flatten(BatchPlan plan) {
    return plan.steps().stream().flatMap(s -> s.microBatches().stream()).flatMapToInt(Arrays::stream).toArray();
  }
}
