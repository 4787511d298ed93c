package dev.tribunal.worker.nd4j.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdamW as the DJL engine has it (torch.optim.AdamW), in place on ND4J arrays:
 *
 * <pre>
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   θ ← θ·(1 − lr·λ)             (matrices only: norm gains and biases are not decayed)
 *   θ ← θ − (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + ε)
 * </pre>
 */
final class Nd4jAdamW {

  private final List<INDArray> parameters;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final List<INDArray> m = new ArrayList<>();
  private final List<INDArray> v = new ArrayList<>();
  private int t;

  Nd4jAdamW(List<INDArray> parameters, double beta1, double beta2, double epsilon, double weightDecay) {
    this.parameters = parameters;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    for (INDArray p : parameters) {
      m.add(p.ulike().assign(0));
      v.add(p.ulike().assign(0));
    }
  }

  /** One update with learning rate lr from the gradients, given in the parameters' order. */
  void step(double lr, List<INDArray> gradients) {
    t++;
    double bias1 = 1 - Math.pow(beta1, t);
    double bias2 = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < parameters.size(); i++) {
      INDArray p = parameters.get(i);
      INDArray g = gradients.get(i);
      m.get(i).muli(beta1).addi(g.mul(1 - beta1));
      v.get(i).muli(beta2).addi(g.mul(g).muli(1 - beta2));
      if (weightDecay > 0 && p.rank() > 1) p.muli(1 - lr * weightDecay);
      INDArray denom = Transforms.sqrt(v.get(i), true).divi(bias2).addi(epsilon);
      p.subi(m.get(i).div(denom).muli(lr / bias1));
    }
  }

  /** Updates applied so far (Adam's t). */
  int steps() {
    return t;
  }
}
