package dev.tribunal.worker.djl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** AdamW and the gradient utilities on parameters whose gradients are set by a linear loss. */
class OptimizerTest {

  @Test
  void firstAdamWStepMovesBySignTimesLrAndDecaysMatricesOnly() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray matrix = param(m, new float[] {1f, -2f}, new Shape(1, 2));
      NDArray bias = param(m, new float[] {0.5f}, new Shape(1));
      NDList params = new NDList(matrix, bias);
      try (AdamW adam = new AdamW(params, 0.9, 0.999, 1e-8, 0.01)) {
        backward(params, new float[][] {{0.1f, -0.3f}, {2f}});
        adam.step(0.1);
        // m̂ = g and v̂ = g² after one step, so the update is lr·sign(g); decay θ·(1 − lr·λ) first
        assertArrayEquals(new float[] {1 * 0.999f - 0.1f, -2 * 0.999f + 0.1f}, matrix.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.4f}, bias.toFloatArray(), 1e-6f);
      }
    }
  }

  @Test
  void updatesWhileTheThreadsGradModeIsOn() throws Exception {
    // Spark runs the driver's training on whatever thread it is on; grad mode is on by default there.
    float[][] after = new float[1][];
    Thread t = new Thread(() -> {
      ai.djl.pytorch.jni.JniUtils.setGradMode(true);
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray p = param(m, new float[] {1f, -2f}, new Shape(1, 2));
        NDList params = new NDList(p);
        try (AdamW adam = new AdamW(params, 0.9, 0.999, 1e-8, 0.0)) {
          backward(params, new float[][] {{0.1f, -0.3f}});
          ai.djl.pytorch.jni.JniUtils.setGradMode(true);
          adam.step(0.1);
          after[0] = p.toFloatArray();
        }
      }
    });
    t.start();
    t.join();
    assertArrayEquals(new float[] {0.9f, -1.9f}, after[0], 1e-6f);
  }

  @Test
  void matchesAScalarAdamWOverSeveralSteps() {
    float[][] grads = {{0.1f, -0.3f, 0.0f}, {0.3f, 0.2f, 1e-3f}, {-0.5f, 0.05f, 0f}};
    double lr = 0.05, b1 = 0.8, b2 = 0.99, eps = 1e-6, wd = 0.1;
    double[] theta = {0.5, -1.0, 2.0};
    double[] mom = new double[3];
    double[] vel = new double[3];
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = param(m, new float[] {0.5f, -1f, 2f}, new Shape(3, 1));
      NDList params = new NDList(p);
      try (AdamW adam = new AdamW(params, b1, b2, eps, wd)) {
        for (int t = 1; t <= grads.length; t++) {
          backward(params, new float[][] {grads[t - 1]});
          adam.step(lr);
          Gradients.zero(params);
          for (int i = 0; i < 3; i++) {
            double g = grads[t - 1][i];
            mom[i] = b1 * mom[i] + (1 - b1) * g;
            vel[i] = b2 * vel[i] + (1 - b2) * g * g;
            theta[i] *= 1 - lr * wd;
            theta[i] -= lr * (mom[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(vel[i] / (1 - Math.pow(b2, t))) + eps);
          }
          float[] got = p.toFloatArray();
          for (int i = 0; i < 3; i++) assertEquals(theta[i], got[i], 1e-5, "step " + t + " entry " + i);
        }
        assertEquals(3, adam.steps());
      }
    }
  }

  @Test
  void globalNormClippingAndZeroingAfterNaN() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDList params = new NDList(param(m, new float[] {1f, 1f}, new Shape(2)), param(m, new float[] {1f}, new Shape(1)));
      backward(params, new float[][] {{3f, 0f}, {4f}});
      assertEquals(5.0, Gradients.globalNorm(params), 1e-6);
      Gradients.clip(params, 5.0, 1.0);
      assertEquals(1.0, Gradients.globalNorm(params), 1e-5);
      Gradients.clip(params, 1.0, 0); // 0: off
      assertEquals(1.0, Gradients.globalNorm(params), 1e-5);
      backward(params, new float[][] {{Float.NaN, 0f}, {0f}}); // accumulates: now NaN
      assertTrue(Double.isNaN(Gradients.globalNorm(params)));
      Gradients.zero(params);
      assertEquals(0.0, Gradients.globalNorm(params), 0);
      backward(params, new float[][] {{0f, 2f}, {0f}});
      assertEquals(2.0, Gradients.globalNorm(params), 1e-6, "backward after zeroing starts from 0");
    }
  }

  private static NDArray param(NDManager m, float[] values, Shape shape) {
    NDArray p = m.create(values, shape);
    p.setRequiresGradient(true);
    return p;
  }

  /** Backward of Σ_i ⟨c_i, p_i⟩, which adds c_i to p_i's gradient. */
  private static void backward(NDList params, float[][] coefficients) {
    try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = null;
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        NDArray term = p.mul(p.getManager().create(coefficients[i], p.getShape())).sum();
        loss = loss == null ? term : loss.add(term);
      }
      gc.backward(loss);
    }
  }
}
