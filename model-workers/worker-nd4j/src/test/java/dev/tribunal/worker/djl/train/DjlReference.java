package dev.tribunal.worker.djl.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The DJL engine's loss and gradients for one batch (a policy's or a reward model's), the reference the ND4J engine's parity tests
 * compare against: the engine's own {@link PolicyLoss} under a GradientCollector, divided by the
 * batch's weight as one optimizer step of the training loop does.
 */
public final class DjlReference {

  private DjlReference() {}

  /** The loss and every parameter's gradient, in {@link LlamaWeights#parameters()} order. */
  public record Gradients(double loss, List<float[]> gradients) {}

  public static Gradients gradients(Path checkpoint, TrainingConfig config, List<TrainingExample> batch) {
    return of(checkpoint, batch.size(), model -> new PolicyLoss(model, config, batch));
  }

  /** A reward model's soft Bradley–Terry loss over the pairs and its gradients, as one step of {@link DjlRewardTrainer}. */
  public static Gradients rewardGradients(Path checkpoint, List<DjlRewardTrainer.Example> batch) {
    return of(checkpoint, batch.size(), model -> new RewardLoss(model, batch));
  }

  private static Gradients of(Path checkpoint, int examples, Function<LlamaModel, BatchLoss<?>> lossOf) {
    LlamaConfig c = LlamaConfig.read(checkpoint);
    try (LlamaWeights w = LlamaWeights.load(checkpoint, c, Device.cpu(), DataType.FLOAT32);
        NDManager m = NDManager.newBaseManager()) {
      BatchLoss<?> loss = lossOf.apply(new LlamaModel(w));
      double weight = IntStream.range(0, examples).mapToDouble(loss::weight).sum();
      w.attachGradients();
      double value;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector(); NDScope scope = new NDScope()) {
        NDArray l = loss.terms(m, IntStream.range(0, examples).toArray()).sum().div((float) weight);
        value = l.getFloat();
        gc.backward(l);
      }
      List<float[]> grads = new ArrayList<>();
      try (NDScope scope = new NDScope()) {
        for (NDArray p : w.parameters()) grads.add(p.getGradient().toFloatArray());
      }
      return new Gradients(value, grads);
    }
  }
}
