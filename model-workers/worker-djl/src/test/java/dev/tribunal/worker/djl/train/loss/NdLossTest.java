package dev.tribunal.worker.djl.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.tribunal.worker.train.LogpReduction;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.loss.DpoLoss;
import dev.tribunal.worker.train.loss.IpoLoss;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.PairLogps;
import dev.tribunal.worker.train.loss.PairRewards;
import dev.tribunal.worker.train.loss.RpoLoss;
import dev.tribunal.worker.train.loss.SoftBradleyTerryLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each tensor loss against its scalar reference: the same values, and autograd's gradient with
 * respect to the policy log-probabilities against central differences of the scalar loss.
 */
class NdLossTest {

  static Stream<TrainingConfig> objectives() {
    return Stream.of(TrainingConfig.builder(Objective.SFT).build(),
        TrainingConfig.builder(Objective.DPO).beta(0.1).build(),
        TrainingConfig.builder(Objective.DPO).beta(2.0).build(),
        TrainingConfig.builder(Objective.CDPO).beta(0.5).labelSmoothing(0.2).build(),
        TrainingConfig.builder(Objective.IPO).beta(0.1).ipoReduction(LogpReduction.SUM).build(),
        TrainingConfig.builder(Objective.IPO).beta(0.3).ipoReduction(LogpReduction.MEAN).build(),
        TrainingConfig.builder(Objective.RPO).beta(0.1).nllWeight(0.7).build());
  }

  @ParameterizedTest
  @MethodSource("objectives")
  void matchesTheScalarReferenceInValueAndGradient(TrainingConfig config) {
    List<PairLogps> pairs = randomPairs(new SplittableRandom(config.hashCode()), 6);
    Loss reference = Loss.of(config);
    double weight = pairs.stream().mapToDouble(p -> reference.weight(p.chosenTokens())).sum();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray chosen = m.create(column(pairs, PairLogps::policyChosen));
      NDArray rejected = m.create(column(pairs, PairLogps::policyRejected));
      chosen.setRequiresGradient(true);
      rejected.setRequiresGradient(true);
      float value;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = NdLoss.of(config).terms(nd(m, pairs, chosen, rejected)).sum().div((float) weight);
        value = loss.getFloat();
        gc.backward(loss);
      }
      double expected = reference.loss(pairs);
      assertEquals(expected, value, 1e-5 * Math.max(1, Math.abs(expected)));
      float[] gChosen = chosen.getGradient().toFloatArray();
      float[] gRejected = rejected.getGradient().toFloatArray();
      for (int i = 0; i < pairs.size(); i++) {
        assertEquals(numeric(reference, pairs, i, true), gChosen[i], 1e-4, "d/d policy chosen " + i);
        if (config.objective().isPreference()) {
          assertEquals(numeric(reference, pairs, i, false), gRejected[i], 1e-4, "d/d policy rejected " + i);
        }
      }
    }
  }

  @Test
  void everyObjectiveHasATensorLossCarryingItsDefinition() {
    for (Objective o : Objective.values()) {
      if (o.hasPairLoss()) assertNotNull(NdLoss.of(TrainingConfig.builder(o).build()), o.id());
    }
    assertEquals(new NdRpoLoss(new RpoLoss(0.1, 0.7)),
        NdLoss.of(TrainingConfig.builder(Objective.RPO).beta(0.1).nllWeight(0.7).build()));
    assertEquals(new NdIpoLoss(new IpoLoss(0.3, LogpReduction.SUM)),
        NdLoss.of(TrainingConfig.builder(Objective.IPO).beta(0.3).ipoReduction(LogpReduction.SUM).build()));
  }

  /** Margins 0.4, 0.4, 2 and 0 under hard, tied, soft and tied labels (the scalar test's hand values). */
  @Test
  void softBradleyTerryMatchesItsScalarReferenceInValueAndGradient() {
    float[] a = {1.3f, 1.3f, 0.5f, -2f};
    float[] b = {0.9f, 0.9f, -1.5f, -2f};
    float[] p = {1f, 0.5f, 0.8f, 0.5f};
    SoftBradleyTerryLoss reference = new SoftBradleyTerryLoss();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ra = m.create(a);
      NDArray rb = m.create(b);
      ra.setRequiresGradient(true);
      rb.setRequiresGradient(true);
      float[] terms;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray t = new NdSoftBradleyTerryLoss(reference).terms(ra, rb, m.create(p));
        terms = t.toFloatArray();
        gc.backward(t.sum());
      }
      float[] ga = ra.getGradient().toFloatArray();
      float[] gb = rb.getGradient().toFloatArray();
      for (int i = 0; i < a.length; i++) {
        PairRewards pair = new PairRewards(a[i], b[i], p[i]);
        assertEquals(reference.term(pair), terms[i], 1e-6, "term " + i);
        assertEquals(reference.gradient(pair), ga[i], 1e-6, "d/d r1 " + i);
        assertEquals(-reference.gradient(pair), gb[i], 1e-6, "d/d r2 " + i);
      }
      assertEquals(0.7130152523999526, terms[1], 1e-6);
      assertEquals(Math.log(2), terms[3], 1e-6);
      assertEquals(0, ga[3], 1e-7);
    }
  }

  @Test
  void dpoIsLn2WhenPolicyEqualsReference() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logp = m.create(new float[] {-3f, -40f, -0.5f});
      NDArray len = m.create(new float[] {2f, 9f, 1f});
      NDArray terms = new NdDpoLoss(new DpoLoss(0.1)).terms(new NdPairLogps(logp, logp, len, logp.mul(2), logp.mul(2), len));
      for (float t : terms.toFloatArray()) assertEquals(Math.log(2), t, 1e-7);
    }
  }

  @Test
  void logSigmoidStaysFiniteFarOut() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] y = NdLoss.logSigmoid(m.create(new float[] {-200f, 0f, 200f})).toFloatArray();
      assertEquals(-200f, y[0], 1e-4);
      assertEquals(-Math.log(2), y[1], 1e-7);
      assertEquals(0f, y[2], 1e-30);
    }
  }

  /** Central difference of the scalar reference loss in one policy log-probability. */
  private static double numeric(Loss loss, List<PairLogps> pairs, int i, boolean chosen) {
    double h = 1e-5;
    return (loss.loss(shifted(pairs, i, chosen, h)) - loss.loss(shifted(pairs, i, chosen, -h))) / (2 * h);
  }

  private static List<PairLogps> shifted(List<PairLogps> pairs, int i, boolean chosen, double d) {
    List<PairLogps> out = new ArrayList<>(pairs);
    PairLogps p = pairs.get(i);
    out.set(i, new PairLogps(p.policyChosen() + (chosen ? d : 0), p.refChosen(), p.chosenTokens(),
        p.policyRejected() + (chosen ? 0 : d), p.refRejected(), p.rejectedTokens()));
    return out;
  }

  /** Log-probabilities that are exactly representable in fp32, so both sides see the same inputs. */
  private static List<PairLogps> randomPairs(SplittableRandom rng, int n) {
    List<PairLogps> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int lc = 1 + rng.nextInt(12);
      int lr = 1 + rng.nextInt(12);
      out.add(new PairLogps(f(-lc * 2 * rng.nextDouble()), f(-lc * 2 * rng.nextDouble()), lc,
          f(-lr * 2 * rng.nextDouble()), f(-lr * 2 * rng.nextDouble()), lr));
    }
    return out;
  }

  private static double f(double x) {
    return (float) x;
  }

  private static float[] column(List<PairLogps> pairs, java.util.function.ToDoubleFunction<PairLogps> f) {
    float[] out = new float[pairs.size()];
    for (int i = 0; i < out.length; i++) out[i] = (float) f.applyAsDouble(pairs.get(i));
    return out;
  }

  private static NdPairLogps nd(NDManager m, List<PairLogps> pairs, NDArray chosen, NDArray rejected) {
    return new NdPairLogps(chosen, m.create(column(pairs, PairLogps::refChosen)),
        m.create(column(pairs, PairLogps::chosenTokens)), rejected, m.create(column(pairs, PairLogps::refRejected)),
        m.create(column(pairs, PairLogps::rejectedTokens)));
  }
}
