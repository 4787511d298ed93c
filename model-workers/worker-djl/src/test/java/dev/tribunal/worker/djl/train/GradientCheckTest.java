package dev.tribunal.worker.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.train.loss.NdLoss;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's gradients (loss over the policy's response log-probabilities, through the
 * runtime's forward) against central finite differences, in fp32: a few entries of every
 * parameter, picked where the gradient is large enough to rise above fp32 rounding, plus one
 * random direction through all parameters at once.
 */
class GradientCheckTest {

  private static final double EPS = 2e-3;
  /** The random direction moves every entry at once, so its step is smaller (a norm of about 0.03). */
  private static final double DIRECTION_EPS = 2e-4;

  @Test
  void dpoGradientsMatchFiniteDifferences() {
    // references away from the policy (h ≠ 0) and β = 1, so the loss is curved where we probe
    List<TrainingExample> pairs = new ArrayList<>();
    for (TrainingExample e : TinyTraining.sft(4, 11)) {
      pairs.add(TrainingExample.preference(e.promptIds(), e.chosenIds(),
          TinyTraining.letters(new SplittableRandom(e.chosenIds()[0]), 3), -20, -25));
    }
    check(TrainingConfig.builder(Objective.DPO).beta(1.0).build(), pairs);
  }

  @Test
  void sftGradientsMatchFiniteDifferences() {
    check(TrainingConfig.builder(Objective.SFT).build(), TinyTraining.sft(4, 12));
  }

  private static void check(TrainingConfig config, List<TrainingExample> batch) {
    try (LlamaWeights w = TinyTraining.weights(5); NDManager m = NDManager.newBaseManager()) {
      LlamaModel model = new LlamaModel(w);
      NDList params = w.parameters();
      w.attachGradients();
      Loss loss = Loss.of(config);
      double weight = batch.stream().mapToDouble(e -> loss.weight(e.chosenIds().length)).sum();
      try (GradientCollector gc = Engine.getInstance().newGradientCollector(); NDScope scope = new NDScope()) {
        gc.backward(loss(model, m, config, batch, weight));
      }
      int checked = 0;
      double directional = 0;
      List<float[]> direction = new ArrayList<>();
      SplittableRandom rng = new SplittableRandom(9);
      for (NDArray p : params) {
        float[] g;
        try (NDScope scope = new NDScope()) {
          g = p.getGradient().toFloatArray();
        }
        for (int flat : largest(g, 2)) {
          long[] at = index(flat, p.getShape());
          float original = p.getFloat(at);
          double up = perturbed(model, m, config, batch, weight, p, at, original + EPS);
          double down = perturbed(model, m, config, batch, weight, p, at, original - EPS);
          p.set(new NDIndex(at), original);
          double numeric = (up - down) / (2 * EPS);
          assertEquals(numeric, g[flat], 2e-3 + 3e-2 * Math.abs(numeric), p.getShape() + " entry " + flat);
          checked++;
        }
        float[] d = new float[g.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) rng.nextGaussian();
          directional += (double) d[i] * g[i];
        }
        direction.add(d);
      }
      assertTrue(checked >= 2 * params.size());
      double up = shifted(model, m, config, batch, weight, params, direction, DIRECTION_EPS);
      double down = shifted(model, m, config, batch, weight, params, direction, -2 * DIRECTION_EPS);
      shifted(model, m, config, batch, weight, params, direction, DIRECTION_EPS); // back to the original
      assertEquals((up - down) / (2 * DIRECTION_EPS), directional, 5e-3 * Math.abs(directional));
    }
  }

  private static NDArray loss(LlamaModel model, NDManager m, TrainingConfig config, List<TrainingExample> batch,
      double weight) {
    PolicyBatch b = PolicyBatch.of(m, batch, config.objective().isPreference(), 0);
    return NdLoss.of(config).terms(b.pairLogps(b.sequenceLogps(model))).sum().div((float) weight);
  }

  private static double value(LlamaModel model, NDManager m, TrainingConfig config, List<TrainingExample> batch,
      double weight) {
    try (NDScope scope = new NDScope()) {
      return loss(model, m, config, batch, weight).getFloat();
    }
  }

  private static double perturbed(LlamaModel model, NDManager m, TrainingConfig config, List<TrainingExample> batch,
      double weight, NDArray p, long[] at, double v) {
    p.set(new NDIndex(at), (float) v);
    return value(model, m, config, batch, weight);
  }

  /** Moves every parameter by step·direction, then evaluates the loss. */
  private static double shifted(LlamaModel model, NDManager m, TrainingConfig config, List<TrainingExample> batch,
      double weight, NDList params, List<float[]> direction, double step) {
    try (NDScope scope = new NDScope()) {
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        p.addi(m.create(direction.get(i), p.getShape()).mul((float) step));
      }
    }
    return value(model, m, config, batch, weight);
  }

  private static int[] largest(float[] g, int k) {
    return java.util.stream.IntStream.range(0, g.length).boxed()
        .sorted((a, b) -> Float.compare(Math.abs(g[b]), Math.abs(g[a]))).limit(k).mapToInt(Integer::intValue).toArray();
  }

  private static long[] index(int flat, Shape shape) {
    long[] at = new long[shape.dimension()];
    for (int d = at.length - 1; d >= 0; d--) {
      at[d] = flat % shape.get(d);
      flat /= shape.get(d);
    }
    return at;
  }
}
