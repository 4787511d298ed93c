package dev.tribunal.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void defaultsAreValid() {
    TrainingConfig c = TrainingConfig.builder(Objective.DPO).build();
    assertEquals(0.1, c.beta());
    assertEquals(1e-6, c.learningRate());
    assertEquals(LogpReduction.MEAN, c.ipoReduction());
    assertEquals(2e-5, TrainingConfig.builder(Objective.SFT).build().learningRate());
  }

  @Test
  void refusesBadValuesNamingTheField() {
    assertRefused(b -> b.beta(0), "beta");
    assertRefused(b -> b.beta(Double.NaN), "beta");
    assertRefused(b -> b.labelSmoothing(0.5), "label_smoothing");
    assertRefused(b -> b.labelSmoothing(-0.1), "label_smoothing");
    assertRefused(b -> b.nllWeight(-1), "nll_weight");
    assertRefused(b -> b.learningRate(0), "learning_rate");
    assertRefused(b -> b.learningRate(Double.POSITIVE_INFINITY), "learning_rate");
    assertRefused(b -> b.warmupSteps(-1), "warmup_steps");
    assertRefused(b -> b.weightDecay(-0.01), "weight_decay");
    assertRefused(b -> b.adamBetas(1.0, 0.999), "adam_beta1");
    assertRefused(b -> b.adamBetas(0.9, -0.1), "adam_beta2");
    assertRefused(b -> b.adamEpsilon(0), "adam_epsilon");
    assertRefused(b -> b.gradClipNorm(-1), "grad_clip_norm");
    assertRefused(b -> b.gradAccumulation(0), "grad_accumulation");
    assertRefused(b -> b.batchSize(0), "batch_size");
    assertRefused(b -> b.epochs(0), "epochs");
    assertRefused(b -> b.maxSteps(-1), "max_steps");
    assertRefused(b -> b.maxSkippedBatches(-1), "max_skipped_batches");
    assertRefused(b -> b.schedule(null), "schedule");
  }

  @Test
  void objectivesReadAndWriteAsTheirIds() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (Objective o : Objective.values()) {
      assertEquals("\"" + o.id() + "\"", json.writeValueAsString(o));
      assertEquals(o, json.readValue("\"" + o.id() + "\"", Objective.class));
    }
    assertThrows(InvalidFormatException.class, () -> json.readValue("\"ppo\"", Objective.class));
    assertTrue(Objective.RPO.isPreference());
    assertEquals(false, Objective.SFT.isPreference());
  }

  @Test
  void eachKnobIsReadByExactlyOneObjective() {
    assertEquals(Objective.CDPO, Objective.Knob.LABEL_SMOOTHING.owner());
    assertEquals(Objective.RPO, Objective.Knob.NLL_WEIGHT.owner());
    assertEquals("nll_weight", Objective.Knob.NLL_WEIGHT.key());
    for (Objective.Knob k : Objective.Knob.values()) {
      for (Objective o : Objective.values()) assertEquals(o == k.owner(), o.uses(k), o + " " + k);
    }
    TrainingConfig rpo = TrainingConfig.builder(Objective.RPO).nllWeight(0.5).labelSmoothing(0.2).build();
    assertEquals(0.5, Objective.Knob.NLL_WEIGHT.valueIn(rpo));
    assertEquals(0.2, Objective.Knob.LABEL_SMOOTHING.valueIn(rpo));
  }

  @Test
  void maxStepsOverridesEpochs() {
    TrainingConfig c = TrainingConfig.builder(Objective.DPO).batchSize(4).gradAccumulation(2).epochs(3).build();
    assertEquals(2, c.stepsPerEpoch(10)); // 8 + 2 examples
    assertEquals(6, c.totalSteps(10));
    TrainingConfig steps = TrainingConfig.builder(Objective.DPO).epochs(0).maxSteps(7).build();
    assertEquals(7, steps.totalSteps(10));
  }

  @Test
  void schedulesWarmUpThenDecay() {
    double lr = 1.0;
    assertEquals(0.25, Schedule.LINEAR.at(0, 10, lr, 4), 1e-15);
    assertEquals(1.0, Schedule.LINEAR.at(3, 10, lr, 4), 1e-15);
    assertEquals(1.0, Schedule.LINEAR.at(4, 10, lr, 4), 1e-15);
    assertEquals(0.5, Schedule.LINEAR.at(7, 10, lr, 4), 1e-15); // progress 3/6
    assertEquals(0.5 * (1 + Math.cos(Math.PI / 6)), Schedule.COSINE.at(5, 10, lr, 4), 1e-15); // progress 1/6
  }

  @Test
  void cosineFollowsHalfAPeriod() {
    // progress (s − 2) / 8 from s = 2: at s = 6 progress 1/2 → lr/2; at s = 4 progress 1/4 → (1 + √2/2)/2
    assertEquals(0.5, Schedule.COSINE.at(6, 10, 1.0, 2), 1e-15);
    assertEquals((1 + Math.sqrt(0.5)) / 2, Schedule.COSINE.at(4, 10, 1.0, 2), 1e-15);
    assertEquals(1.0, Schedule.CONSTANT.at(9, 10, 1.0, 2), 0);
    assertTrue(Schedule.COSINE.at(9, 10, 1.0, 0) > 0);
    assertThrows(IllegalArgumentException.class, () -> Schedule.COSINE.at(10, 10, 1.0, 0));
  }

  private static void assertRefused(UnaryOperator<TrainingConfig.Builder> change, String field) {
    TrainingConfig.InvalidException e = assertThrows(TrainingConfig.InvalidException.class,
        () -> change.apply(TrainingConfig.builder(Objective.DPO)).build());
    assertTrue(e.getMessage().contains(field), e.getMessage());
    assertEquals(field, e.field(), "the field is kept apart for callers that name their own keys");
  }
}
