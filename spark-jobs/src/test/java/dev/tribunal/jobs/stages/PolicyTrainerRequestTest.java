package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.config.DpoConfig;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.worker.djl.RuntimeOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a trainer is handed is checked before it trains, and where it may write before the loop starts. */
class PolicyTrainerRequestTest {
  private static final DpoConfig DPO = new DpoConfig("djl", Objective.DPO, 0.1, 0, 0, 1e-6, 1, 2, false);

  private static PreferencePairRow pair(String id) {
    return new PreferencePairRow(id, "p", 0, PairKind.ACTOR, "Add 2 and 3.", null, "5", "7", "c", "r", 5.0, 1.0,
        1, 1, LengthUnit.CHARS, null, null, null);
  }

  private static WorkerSpec model(String version) {
    return new WorkerSpec.Djl(version, "/m", RuntimeOptions.DEFAULT);
  }

  private static PolicyTrainer.Request request(String reference, PreferencePairRow... pairs) {
    return new PolicyTrainer.Request(0, model("M0"), model(reference), DPO, List.of(pairs), "/out");
  }

  @Test
  void pairsScoredByTheGivenReferenceAreTrainedOn() {
    assertEquals(1, request("M0", pair("a").withReference(-1, -2, "M0")).pairs().size());
  }

  @Test
  void pairsScoredByAnotherReferenceAreRefusedNamingBothVersions() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> request("M1-seed", pair("a").withReference(-1, -2, "M1-seed"), pair("b").withReference(-1, -2, "M0-old")));
    assertEquals("pair b carries reference log-probs of M0-old, but training was given reference M1-seed;"
        + " rerun with --redo ref-logprobs to score the pairs with it", e.getMessage());
  }

  @Test
  void pairsWithoutReferenceLogProbsAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> request("M0", pair("a")));
    assertTrue(e.getMessage().startsWith("pair a has no reference log-probs"), e.getMessage());
  }

  /** A resumed run compares the train stage's recorded configuration, so its form must not drift. */
  @Test
  void theStageConfigurationSpellsTheObjectiveAsConfigured() {
    assertEquals("{\"dpo\":{\"trainer\":\"djl\",\"objective\":\"dpo\",\"beta\":0.1,\"label_smoothing\":0.0,"
        + "\"nll_weight\":0.0,\"learning_rate\":1.0E-6,\"epochs\":1,\"batch_size\":2,\"end_of_turn\":false}}",
        StageSupport.config("dpo", DPO).toString());
  }
}
