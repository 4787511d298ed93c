package dev.tribunal.worker.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.train.LogpReduction;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every objective against numbers worked out by hand. The pair: log π(y_w) = −10, log π_ref(y_w) =
 * −12 (4 tokens), log π(y_l) = −15, log π_ref(y_l) = −13 (8 tokens), so h = 2 − (−2) = 4 and with
 * β = 0.1, β·h = 0.4; −log σ(0.4) = ln(1 + e^−0.4) = 0.5130152524.
 */
class LossTest {

  private static final PairLogps PAIR = new PairLogps(-10, -12, 4, -15, -13, 8);
  private static final double NEG_LOG_SIGMOID_04 = 0.5130152523999526;

  @Test
  void dpoIsLn2WhenPolicyEqualsReference() {
    PairLogps same = new PairLogps(-7.5, -7.5, 3, -20, -20, 9);
    assertEquals(Math.log(2), new DpoLoss(0.1).term(same), 1e-15);
    assertEquals(0.6931471805599453, new DpoLoss(5).loss(List.of(same, same)), 1e-15);
  }

  @Test
  void dpoByHand() {
    assertEquals(4, PAIR.h(), 0);
    assertEquals(NEG_LOG_SIGMOID_04, new DpoLoss(0.1).term(PAIR), 1e-15);
  }

  @Test
  void conservativeDpoByHand() {
    // 0.9·ln(1 + e^−0.4) + 0.1·ln(1 + e^0.4) = 0.9·0.5130152524 + 0.1·0.9130152524
    assertEquals(0.5530152523999526, new ConservativeDpoLoss(0.1, 0.1).term(PAIR), 1e-15);
    assertEquals(new DpoLoss(0.1).term(PAIR), new ConservativeDpoLoss(0.1, 0).term(PAIR), 1e-15);
  }

  @Test
  void ipoByHandWithSumsAndMeans() {
    // sums: (4 − 1/(2·0.1))² = (4 − 5)² = 1
    assertEquals(1.0, new IpoLoss(0.1, LogpReduction.SUM).term(PAIR), 1e-15);
    // means: h = 2/4 − (−2/8) = 0.75, (0.75 − 5)² = 18.0625
    assertEquals(18.0625, new IpoLoss(0.1, LogpReduction.MEAN).term(PAIR), 1e-12);
  }

  @Test
  void rpoAddsTheChosenPerTokenNll() {
    // 0.5130152524 + 1.0·(10 / 4)
    assertEquals(3.0130152523999527, new RpoLoss(0.1, 1.0).term(PAIR), 1e-15);
    assertEquals(NEG_LOG_SIGMOID_04 + 0.5 * 2.5, new RpoLoss(0.1, 0.5).term(PAIR), 1e-15);
  }

  @Test
  void sftAveragesOverResponseTokensOfTheBatch() {
    // (10 + 6) / (4 + 2): a mean over tokens, not over examples (which would be (2.5 + 3) / 2)
    List<PairLogps> batch = List.of(PairLogps.sft(-10, 4), PairLogps.sft(-6, 2));
    assertEquals(16.0 / 6, new SftLoss().loss(batch), 1e-15);
  }

  @Test
  void preferenceLossesAverageOverPairs() {
    PairLogps same = new PairLogps(-1, -1, 1, -1, -1, 1);
    assertEquals((NEG_LOG_SIGMOID_04 + Math.log(2)) / 2, new DpoLoss(0.1).loss(List.of(PAIR, same)), 1e-15);
  }

  @Test
  void logSigmoidIsStableAtBothEnds() {
    assertEquals(-100, Loss.logSigmoid(-100), 1e-12);
    assertEquals(-Math.exp(-50), Loss.logSigmoid(50), 1e-30);
    assertTrue(Double.isFinite(Loss.logSigmoid(-1e6)));
    assertEquals(-Math.log(2), Loss.logSigmoid(0), 1e-15);
  }

  @Test
  void configPicksTheObjectiveClass() {
    assertInstanceOf(SftLoss.class, Loss.of(TrainingConfig.builder(Objective.SFT).build()));
    assertInstanceOf(DpoLoss.class, Loss.of(TrainingConfig.builder(Objective.DPO).build()));
    assertEquals(new ConservativeDpoLoss(0.2, 0.1),
        Loss.of(TrainingConfig.builder(Objective.CDPO).beta(0.2).labelSmoothing(0.1).build()));
    assertEquals(new IpoLoss(0.1, LogpReduction.MEAN), Loss.of(TrainingConfig.builder(Objective.IPO).build()));
    assertEquals(new RpoLoss(0.1, 0.5), Loss.of(TrainingConfig.builder(Objective.RPO).nllWeight(0.5).build()));
  }

  @Test
  void handWrittenGradientsMatchFiniteDifferencesOfEveryLoss() {
    List<Loss> losses = List.of(new SftLoss(), new DpoLoss(0.1), new DpoLoss(2), new ConservativeDpoLoss(0.5, 0.2),
        new IpoLoss(0.1, LogpReduction.SUM), new IpoLoss(0.3, LogpReduction.MEAN), new RpoLoss(0.1, 0.7));
    double eps = 1e-6;
    for (Loss loss : losses) {
      PairGradient g = loss.gradient(PAIR);
      PairLogps chosenUp = new PairLogps(-10 + eps, -12, 4, -15, -13, 8);
      PairLogps chosenDown = new PairLogps(-10 - eps, -12, 4, -15, -13, 8);
      PairLogps rejectedUp = new PairLogps(-10, -12, 4, -15 + eps, -13, 8);
      PairLogps rejectedDown = new PairLogps(-10, -12, 4, -15 - eps, -13, 8);
      assertEquals((loss.term(chosenUp) - loss.term(chosenDown)) / (2 * eps), g.chosen(), 1e-7, loss + " chosen");
      assertEquals((loss.term(rejectedUp) - loss.term(rejectedDown)) / (2 * eps), g.rejected(), 1e-7,
          loss + " rejected");
    }
    // by hand: DPO at β·h = 0.4, ∂L/∂h = −0.1·σ(−0.4) = −0.0401312339887548
    assertEquals(-0.0401312339887548, new DpoLoss(0.1).gradient(PAIR).chosen(), 1e-15);
    assertEquals(0.0401312339887548, new DpoLoss(0.1).gradient(PAIR).rejected(), 1e-15);
  }
}
