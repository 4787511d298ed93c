package dev.tribunal.worker.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soft Bradley–Terry loss against numbers worked out by hand. With margin r1 − r2 = 0.4:
 * −log σ(0.4) = ln(1 + e^−0.4) = 0.5130152524, −log σ(−0.4) = 0.9130152524, σ(0.4) = 0.5986876601.
 */
class SoftBradleyTerryLossTest {

  private static final SoftBradleyTerryLoss LOSS = new SoftBradleyTerryLoss();
  private static final double SIGMOID_04 = 0.598687660112452;

  @Test
  void aHardLabelIsTheBradleyTerryLoss() {
    PairRewards p = new PairRewards(1.3, 0.9, 1.0);
    assertEquals(0.5130152523999526, LOSS.term(p), 1e-12);
    assertEquals(SIGMOID_04 - 1, LOSS.gradient(p), 1e-12);
  }

  @Test
  void aTieWeighsBothOrdersEqually() {
    PairRewards p = new PairRewards(1.3, 0.9, 0.5);
    // 0.5·0.5130152524 + 0.5·0.9130152524
    assertEquals(0.7130152523999526, LOSS.term(p), 1e-12);
    assertEquals(SIGMOID_04 - 0.5, LOSS.gradient(p), 1e-12); // pulls the rewards together
    PairRewards equal = new PairRewards(-2, -2, 0.5);
    assertEquals(Math.log(2), LOSS.term(equal), 1e-15);
    assertEquals(0, LOSS.gradient(equal), 1e-15); // the minimum of a tie
  }

  @Test
  void aSoftLabelByHand() {
    // margin 2: −log σ(2) = 0.126928011, −log σ(−2) = 2.126928011; 0.8·0.126928011 + 0.2·2.126928011
    PairRewards p = new PairRewards(0.5, -1.5, 0.8);
    assertEquals(0.526928011042973, LOSS.term(p), 1e-12);
    assertEquals(0.880797077977882 - 0.8, LOSS.gradient(p), 1e-12);
  }

  @Test
  void swappingTheResponsesAndTheLabelChangesNothing() {
    assertEquals(LOSS.term(new PairRewards(0.7, -0.2, 0.3)), LOSS.term(new PairRewards(-0.2, 0.7, 0.7)), 1e-15);
    assertEquals(LOSS.term(new PairRewards(3, 1, 0)), LOSS.term(new PairRewards(1, 3, 1)), 1e-15);
  }

  @Test
  void theGradientIsTheLossDerivativeInEitherReward() {
    double h = 1e-6;
    for (double label : new double[] {0, 0.2, 0.5, 1}) {
      PairRewards p = new PairRewards(0.3, -0.8, label);
      double dA = (LOSS.term(new PairRewards(0.3 + h, -0.8, label)) - LOSS.term(new PairRewards(0.3 - h, -0.8, label)))
          / (2 * h);
      double dB = (LOSS.term(new PairRewards(0.3, -0.8 + h, label)) - LOSS.term(new PairRewards(0.3, -0.8 - h, label)))
          / (2 * h);
      assertEquals(dA, LOSS.gradient(p), 1e-8, "label " + label);
      assertEquals(-dA, dB, 1e-8, "label " + label);
    }
  }

  @Test
  void theBatchLossIsTheMeanOverPairs() {
    List<PairRewards> batch = List.of(new PairRewards(1.3, 0.9, 1.0), new PairRewards(-2, -2, 0.5));
    assertEquals((0.5130152523999526 + Math.log(2)) / 2, LOSS.loss(batch), 1e-12);
  }

  @Test
  void stablyFarOut() {
    assertEquals(0, LOSS.term(new PairRewards(400, -400, 1)), 1e-300);
    assertEquals(800, LOSS.term(new PairRewards(-400, 400, 1)), 1e-9);
  }

  @Test
  void accuracyCountsDecisivePairsOrderedAsLabelled() {
    assertTrue(new PairRewards(1, 0, 0.7).agrees());
    assertFalse(new PairRewards(1, 1, 0.7).agrees()); // equal rewards order nothing
    assertTrue(new PairRewards(0, 1, 0.2).agrees());
    assertFalse(new PairRewards(0, 1, 0.5).decisive());
    List<PairRewards> pairs = List.of(new PairRewards(1, 0, 1), new PairRewards(1, 0, 0.1), new PairRewards(5, 0, 0.5));
    assertEquals(0.5, PairRewards.accuracy(pairs), 0);
    assertTrue(Double.isNaN(PairRewards.accuracy(List.of(new PairRewards(1, 0, 0.5)))));
  }
}
