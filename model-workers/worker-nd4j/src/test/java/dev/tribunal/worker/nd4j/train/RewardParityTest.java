package dev.tribunal.worker.nd4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.checkpoint.HostTensor;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.djl.train.DjlReference;
import dev.tribunal.worker.djl.train.DjlRewardTrainer;
import dev.tribunal.worker.djl.train.TinyTraining;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.RewardTrainingRequest;
import dev.tribunal.worker.train.RewardTrainingResult;
import dev.tribunal.worker.train.Schedule;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ND4J reward trainer against the DJL engine's ({@link DjlRewardTrainer}) on the same tiny
 * checkpoint: the soft Bradley–Terry loss (1e-5 relative) and every gradient, score.weight
 * included (1e-4 relative in norm), of one batch; and a whole run with warmup, accumulation,
 * clipping and weight decay ending at the same weights (1e-4 per tensor), the same
 * sequence-classification checkpoint and the same held-out figures.
 */
class RewardParityTest {

  @TempDir
  static Path tmp;
  static Path parent;

  @BeforeAll
  static void parent() {
    parent = TinyCheckpoints.write(tmp.resolve("parent"), TinyCheckpoints.config(), 21);
  }

  @Test
  void lossAndEveryGradientEqualTheDjlEngines() {
    Path reward = rewardCheckpoint(tmp.resolve("reward"));
    List<DjlRewardTrainer.Example> batch = pairs(6, 22);
    DjlReference.Gradients djl = DjlReference.rewardGradients(reward, batch);
    Nd4jRewardLoop loop = new Nd4jRewardLoop(Nd4jWeights.load(reward, LlamaConfig.read(reward)),
        TrainingConfig.builder(Objective.REWARD).build(), batch);
    double loss = loop.accumulate(IntStream.range(0, batch.size()).toArray(), batch.size()).loss();
    assertEquals(djl.loss(), loss, 1e-5 * Math.abs(djl.loss()), "loss");
    List<INDArray> grads = loop.gradients().parameters();
    assertEquals(djl.gradients().size(), grads.size());
    long[] score = grads.get(grads.size() - 1).shape();
    assertEquals(List.of(1L, (long) TinyCheckpoints.config().hiddenSize()), List.of(score[0], score[1]),
        "the last parameter is score.weight");
    double worst = 0;
    for (int i = 0; i < grads.size(); i++) {
      worst = Math.max(worst, assertClose(djl.gradients().get(i), grads.get(i).dup('c').data().asFloat(), 1e-4,
          "gradient of parameter " + i));
    }
    System.out.printf("reward parity: loss %.6f vs %.6f, worst gradient %.2e%n", loss, djl.loss(), worst);
  }

  @Test
  void weightsAndHeldOutFiguresAfterTrainingEqualTheDjlEngines() throws IOException {
    TrainingConfig config = TrainingConfig.builder(Objective.REWARD).learningRate(3e-3).warmupSteps(2)
        .schedule(Schedule.COSINE).batchSize(4).gradAccumulation(2).weightDecay(0.01).gradClipNorm(0.5)
        .maxSteps(5).seed(6).build();
    RewardTrainingRequest djlRequest = request(config, "djl");
    RewardTrainingRequest nd4jRequest = request(config, "nd4j");
    RewardTrainingResult djl = new DjlRewardTrainer(Device.cpu()).train(djlRequest);
    RewardTrainingResult nd4j = new Nd4jRewardTrainer().train(nd4jRequest);
    assertEquals(5, nd4j.training().appliedSteps());
    for (int s = 0; s < 5; s++) {
      double expected = djl.history().get(s).loss();
      assertEquals(expected, nd4j.history().get(s).loss(), 1e-5 * Math.abs(expected), "loss of step " + (s + 1));
    }
    Map<String, HostTensor> before = ShardedSafetensors.readHost(parent);
    Map<String, HostTensor> a = ShardedSafetensors.readHost(djl.training().checkpoint());
    Map<String, HostTensor> b = ShardedSafetensors.readHost(nd4j.training().checkpoint());
    assertEquals(a.keySet(), b.keySet());
    assertTrue(b.containsKey(LlamaWeights.SCORE) && !b.containsKey("lm_head.weight"), b.keySet().toString());
    double worst = 0;
    for (String name : a.keySet()) {
      worst = Math.max(worst, assertClose(a.get(name).data(), b.get(name).data(), 1e-4, name));
      if (before.containsKey(name)) assertTrue(moved(before.get(name).data(), b.get(name).data()), name + " not trained");
    }
    System.out.printf("reward parity after 5 steps: worst tensor %.2e, held-out accuracy %.3f vs %.3f%n", worst,
        nd4j.heldOutAccuracy(), djl.heldOutAccuracy());
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(djl.training().checkpoint().resolve("config.json").toFile()),
        json.readTree(nd4j.training().checkpoint().resolve("config.json").toFile()));
    Lineage la = Lineage.read(djl.training().checkpoint());
    Lineage lb = Lineage.read(nd4j.training().checkpoint());
    assertEquals(la.objective(), lb.objective());
    assertEquals(la.dataFingerprint(), lb.dataFingerprint());
    assertEquals(la.metrics().keySet(), lb.metrics().keySet());
    assertEquals(djl.heldOut().pairs(), nd4j.heldOut().pairs());
    assertEquals(djl.heldOut().decisive(), nd4j.heldOut().decisive());
    assertEquals(djl.heldOutAccuracy(), nd4j.heldOutAccuracy(), 1e-12);
    assertEquals(djl.heldOut().loss(), nd4j.heldOut().loss(), 1e-4 * djl.heldOut().loss(), "held-out loss");

    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> new Nd4jRewardTrainer().train(nd4jRequest));
    assertTrue(exists.getMessage().contains("immutable"), exists.getMessage());
  }

  private static RewardTrainingRequest request(TrainingConfig config, String name) {
    TrainingRun run = new TrainingRun(parent, tmp.resolve(name), tmp.resolve(name + ".jsonl"), 1);
    return new RewardTrainingRequest(run, config, TinyTraining.markerPairs(40, 23), 0.25);
  }

  /** The parent's body under a score head large enough (std 0.3) that rewards differ and every pair's loss is curved. */
  private static Path rewardCheckpoint(Path dir) {
    try (LlamaWeights w = LlamaWeights.rewardModel(parent, TinyCheckpoints.config(), 0, Device.cpu(),
        DataType.FLOAT32, 24, 0.3)) {
      return CheckpointWriter.write(dir, w, EmbeddedTokenizer::writeTo, new Lineage(null, 0, "random", "none", Map.of()));
    }
  }

  /** Pairs of different lengths (so padding takes part) with hard, soft and tied labels. */
  private static List<DjlRewardTrainer.Example> pairs(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] labels = {1, 0.8, 0.5, 0.2, 0};
    List<DjlRewardTrainer.Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new DjlRewardTrainer.Example(TinyTraining.letters(rng, 3 + rng.nextInt(8)),
          TinyTraining.letters(rng, 3 + rng.nextInt(8)), labels[i % labels.length]));
    }
    return out;
  }

  private static boolean moved(float[] before, float[] after) {
    for (int i = 0; i < before.length; i++) if (before[i] != after[i]) return true;
    return false;
  }

  /** Asserts the relative difference in norm is within tolerance, and returns it. */
  private static double assertClose(float[] expected, float[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what);
    double diff = 0;
    double norm = 0;
    for (int j = 0; j < expected.length; j++) {
      diff += Math.pow(actual[j] - expected[j], 2);
      norm += Math.pow(expected[j], 2);
    }
    assertTrue(norm > 0, what + " is zero");
    assertTrue(Math.sqrt(diff / norm) <= tolerance, what + ": relative difference " + Math.sqrt(diff / norm));
    return Math.sqrt(diff / norm);
  }
}
