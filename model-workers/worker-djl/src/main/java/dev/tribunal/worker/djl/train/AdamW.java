package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), updating the parameters in place as
 * torch.optim.AdamW does:
 *
 * <pre>
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   θ ← θ·(1 − lr·λ)             (matrices only)
 *   θ ← θ − (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + ε)
 * </pre>
 *
 * Norm weights and biases (1-d parameters) are not decayed: shrinking a norm's gain towards 0
 * is not a prior anyone wants, and Hugging Face's trainer exempts them too. Must run outside a
 * GradientCollector: in-place updates of leaves that record gradients are refused in grad mode.
 */
final class AdamW implements AutoCloseable {

  private final NDList parameters;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final NDManager manager;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private int t;

  AdamW(NDList parameters, double beta1, double beta2, double epsilon, double weightDecay) {
    this.parameters = parameters;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.manager = parameters.get(0).getManager().newSubManager();
    for (NDArray p : parameters) {
      m.add(manager.zeros(p.getShape(), p.getDataType()));
      v.add(manager.zeros(p.getShape(), p.getDataType()));
    }
    m.forEach(NDScope::unregister);
    v.forEach(NDScope::unregister);
  }

  /** One update with learning rate lr from the gradients on the parameters. */
  void step(double lr) {
    t++;
    double bias1 = 1 - Math.pow(beta1, t);
    double bias2 = Math.sqrt(1 - Math.pow(beta2, t));
    try (NDScope scope = new NDScope()) {
      for (int i = 0; i < parameters.size(); i++) {
        NDArray p = parameters.get(i);
        NDArray g = p.getGradient();
        m.get(i).muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.get(i).muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        // The update writes through a detached view: in-place ops on a leaf that requires grad are
        // refused whenever the thread's grad mode is on (the default on a fresh thread).
        NDArray w = p.stopGradient();
        if (weightDecay > 0 && p.getShape().dimension() > 1) w.muli((float) (1 - lr * weightDecay));
        NDArray denom = v.get(i).sqrt().divi((float) bias2).addi((float) epsilon);
        w.subi(m.get(i).div(denom).muli((float) (lr / bias1)));
      }
    }
  }

  /** Updates applied so far (Adam's t). */
  int steps() {
    return t;
  }

  @Override
  public void close() {
    manager.close();
  }
}
