package dev.tribunal.worker.nd4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.Loss;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hand-written backward against central finite differences of the ND4J forward itself (no
 * other engine involved), in fp32: the largest-gradient entries of every parameter for DPO.
 */
class FiniteDifferenceTest {

  private static final double EPS = 2e-3;

  @TempDir
  Path tmp;

  @Test
  void dpoGradientsMatchFiniteDifferences() {
    Path dir = TinyCheckpoints.write(tmp.resolve("c"), TinyCheckpoints.config(), 21);
    TrainingConfig config = TrainingConfig.builder(Objective.DPO).beta(1.0).build();
    List<TrainingExample> batch = TinyCheckpoints.pairs(3, 22);
    Nd4jWeights weights = Nd4jWeights.load(dir, LlamaConfig.read(dir));
    Nd4jTrainingLoop loop = new Nd4jTrainingLoop(weights, config, batch);
    int[] all = IntStream.range(0, batch.size()).toArray();
    loop.accumulate(all, batch.size());
    List<INDArray> params = weights.parameters();
    List<INDArray> grads = loop.gradients().parameters();
    for (int i = 0; i < params.size(); i++) {
      INDArray p = params.get(i).reshape(params.get(i).length());
      float[] g = grads.get(i).dup('c').data().asFloat();
      long at = largest(g);
      float original = p.getFloat(at);
      p.putScalar(at, original + EPS);
      double up = loss(config, weights, batch);
      p.putScalar(at, original - EPS);
      double down = loss(config, weights, batch);
      p.putScalar(at, original);
      double numeric = (up - down) / (2 * EPS);
      assertEquals(numeric, g[(int) at], 2e-3 + 3e-2 * Math.abs(numeric), "parameter " + i + " entry " + at);
    }
  }

  /** The loss alone, through a fresh loop (its gradients are thrown away). */
  private static double loss(TrainingConfig config, Nd4jWeights weights, List<TrainingExample> batch) {
    double weight = batch.stream().mapToDouble(e -> Loss.of(config).weight(e.chosenIds().length)).sum();
    return new Nd4jTrainingLoop(weights, config, batch).accumulate(IntStream.range(0, batch.size()).toArray(), weight)
        .loss();
  }

  private static long largest(float[] g) {
    int best = 0;
    for (int j = 1; j < g.length; j++) if (Math.abs(g[j]) > Math.abs(g[best])) best = j;
    return best;
  }
}
