package dev.tribunal.worker.nd4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.train.DjlReference;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.LogpReduction;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ND4J engine's loss and every parameter's gradient against the DJL engine's (PyTorch's
 * autograd), for every policy objective, on the same tiny checkpoint and batch: the loss to 1e-5
 * relative, each gradient to 1e-4 relative (in norm).
 */
class GradientParityTest {

  @TempDir
  static Path tmp;
  static Path untied;
  static Path tied;

  @BeforeAll
  static void checkpoints() {
    untied = TinyCheckpoints.write(tmp.resolve("untied"), TinyCheckpoints.config(), 7);
    tied = TinyCheckpoints.write(tmp.resolve("tied"), TinyCheckpoints.config().withTiedEmbeddings(true), 8);
  }

  @Test
  void sft() {
    assertParity(untied, TrainingConfig.builder(Objective.SFT).build(), TinyCheckpoints.sft(5, 1));
  }

  @Test
  void dpo() {
    assertParity(untied, TrainingConfig.builder(Objective.DPO).beta(0.5).build(), TinyCheckpoints.pairs(4, 2));
  }

  @Test
  void conservativeDpo() {
    assertParity(untied, TrainingConfig.builder(Objective.CDPO).beta(0.5).labelSmoothing(0.2).build(),
        TinyCheckpoints.pairs(4, 3));
  }

  @Test
  void ipoWithMeansAndSums() {
    assertParity(untied, TrainingConfig.builder(Objective.IPO).beta(0.5).ipoReduction(LogpReduction.MEAN).build(),
        TinyCheckpoints.pairs(4, 4));
    assertParity(untied, TrainingConfig.builder(Objective.IPO).beta(0.5).ipoReduction(LogpReduction.SUM).build(),
        TinyCheckpoints.pairs(4, 5));
  }

  @Test
  void rpo() {
    assertParity(untied, TrainingConfig.builder(Objective.RPO).beta(0.5).nllWeight(0.7).build(),
        TinyCheckpoints.pairs(4, 6));
  }

  @Test
  void qwen2BiasesOnTheProjections() {
    Path qwen = TinyCheckpoints.write(tmp.resolve("qwen2"), TinyCheckpoints.config().asQwen2(), 10);
    assertParity(qwen, TrainingConfig.builder(Objective.DPO).beta(0.5).build(), TinyCheckpoints.pairs(4, 11));
  }

  @Test
  void tiedEmbeddingsSumBothUses() {
    assertParity(tied, TrainingConfig.builder(Objective.DPO).beta(0.5).build(), TinyCheckpoints.pairs(4, 9));
  }

  private static void assertParity(Path checkpoint, TrainingConfig config, List<TrainingExample> batch) {
    DjlReference.Gradients djl = DjlReference.gradients(checkpoint, config, batch);
    Nd4jWeights weights = Nd4jWeights.load(checkpoint, LlamaConfig.read(checkpoint));
    Nd4jTrainingLoop loop = new Nd4jTrainingLoop(weights, config, batch);
    double weight = batch.stream().mapToDouble(e -> dev.tribunal.worker.train.loss.Loss.of(config)
        .weight(e.chosenIds().length)).sum();
    int[] all = java.util.stream.IntStream.range(0, batch.size()).toArray();
    double loss = loop.accumulate(all, weight).loss();
    assertEquals(djl.loss(), loss, 1e-5 * Math.abs(djl.loss()), config.objective() + " loss");
    List<INDArray> grads = loop.gradients().parameters();
    assertEquals(djl.gradients().size(), grads.size());
    for (int i = 0; i < grads.size(); i++) {
      float[] expected = djl.gradients().get(i);
      float[] actual = grads.get(i).dup('c').data().asFloat();
      assertEquals(expected.length, actual.length);
      double diff = 0;
      double norm = 0;
      for (int j = 0; j < expected.length; j++) {
        diff += Math.pow(actual[j] - expected[j], 2);
        norm += Math.pow(expected[j], 2);
      }
      assertTrue(norm > 0, config.objective() + " parameter " + i + " has no gradient");
      assertTrue(Math.sqrt(diff / norm) <= 1e-4, config.objective() + " parameter " + i + " "
          + java.util.Arrays.toString(grads.get(i).shape()) + ": relative difference " + Math.sqrt(diff / norm));
    }
  }
}
