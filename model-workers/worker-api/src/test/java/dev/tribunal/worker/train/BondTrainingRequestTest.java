package dev.tribunal.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.Prompt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BondTrainingRequestTest {

  private static final TrainingRun RUN = new TrainingRun(Path.of("p"), Path.of("o"), Path.of("m.jsonl"), 1);
  private static final Prompt Q = Prompt.user("q");

  @Test
  void examplesSayWhichTermTheyTrain() {
    BondExample f = BondExample.forward(Q, "best");
    assertEquals(BondExample.Term.FORWARD, f.term());
    assertEquals(0, f.reward());
    BondExample b = BondExample.backward(Q, "mine", -3, 1);
    assertEquals(BondExample.Term.BACKWARD, b.term());
    assertEquals(-3, b.reward());
    assertEquals(1, b.policyLogpWeight());
  }

  @Test
  void badExamplesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BondExample.backward(Q, "y", Double.NEGATIVE_INFINITY, 1));
    assertThrows(IllegalArgumentException.class, () -> BondExample.backward(Q, "y", Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> BondExample.backward(Q, "y", 0, -1));
    assertThrows(IllegalArgumentException.class, () -> BondExample.backward(null, "y", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> BondExample.backward(Q, null, 0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BondExample(Q, "y", BondExample.Term.FORWARD, 2, 0));
    assertTrue(e.getMessage().contains("forward example has no reward"), e.getMessage());
  }

  @Test
  void theFingerprintCoversRewardsAndTerms() {
    String base = BondExample.fingerprint(List.of(BondExample.backward(Q, "y", -1, 1)));
    assertEquals(base, BondExample.fingerprint(List.of(BondExample.backward(Q, "y", -1, 1))));
    assertNotEquals(base, BondExample.fingerprint(List.of(BondExample.backward(Q, "y", -2, 1))));
    assertNotEquals(base, BondExample.fingerprint(List.of(BondExample.backward(Q, "y", -1, 0.5))));
    assertNotEquals(BondExample.fingerprint(List.of(BondExample.backward(Q, "y", 0, 0))),
        BondExample.fingerprint(List.of(BondExample.forward(Q, "y"))));
    assertNotEquals(base, BondExample.fingerprint(List.of(BondExample.backward(Prompt.text("q"), "y", -1, 1))));
  }

  @Test
  void theRequestNeedsTheBondObjectiveAndExamples() {
    List<BondExample> one = List.of(BondExample.forward(Q, "y"));
    TrainingConfig bond = TrainingConfig.builder(Objective.BOND).build();
    assertEquals(one, new BondTrainingRequest(RUN, bond, one).examples());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BondTrainingRequest(RUN, TrainingConfig.builder(Objective.SFT).build(), one));
    assertEquals("bond training: objective must be bond, was sft", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BondTrainingRequest(RUN, bond, List.of()));
  }

  @Test
  void bondBetaIsBondsKnob() {
    assertEquals(0.5, TrainingConfig.builder(Objective.BOND).build().bondBeta());
    assertEquals(0, TrainingConfig.builder(Objective.DPO).build().bondBeta());
    assertEquals(0, TrainingConfig.builder(Objective.BOND).bondBeta(0).build().bondBeta(), "0 is SFT, allowed");
    TrainingConfig.InvalidException e = assertThrows(TrainingConfig.InvalidException.class,
        () -> TrainingConfig.builder(Objective.BOND).bondBeta(1.5).build());
    assertEquals("bond_beta", e.field());
    assertEquals(Objective.BOND, Objective.Knob.BOND_BETA.owner());
    assertFalse(Objective.BOND.isPreference());
    assertFalse(Objective.BOND.hasPairLoss());
    assertTrue(Objective.DPO.hasPairLoss());
    assertThrows(IllegalStateException.class, () -> Objective.BOND.loss(TrainingConfig.builder(Objective.BOND).build()));
  }

  @Test
  void anchorUpdatesCheckEta() {
    assertEquals(0.25, new AnchorUpdate(Path.of("a"), Path.of("p"), 0.25, Path.of("o"), 2).eta());
    assertThrows(IllegalArgumentException.class, () -> new AnchorUpdate(Path.of("a"), Path.of("p"), 1.5, Path.of("o"), 2));
    assertThrows(IllegalArgumentException.class, () -> new AnchorUpdate(Path.of("a"), Path.of("p"), Double.NaN,
        Path.of("o"), 2));
    assertThrows(IllegalArgumentException.class, () -> new AnchorUpdate(Path.of("a"), Path.of("p"), 0.5, Path.of("a"), 2));
  }
}
