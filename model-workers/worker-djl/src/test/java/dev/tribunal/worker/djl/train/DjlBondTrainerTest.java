package dev.tribunal.worker.djl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.Checkpoints;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.train.AnchorUpdate;
import dev.tribunal.worker.train.BondExample;
import dev.tribunal.worker.train.BondTrainingRequest;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BOND trained for a few steps on a tiny random policy, then checked as a learner and as a
 * checkpoint; and the J-BOND anchor update on two tiny checkpoints of one architecture.
 */
class DjlBondTrainerTest {

  @TempDir
  static Path tmp;
  static Path base;
  static Path other;

  /** Best-of-N samples to imitate, and policy samples of which one ("zzzz") has a much lower reward. */
  static final List<BondExample> EXAMPLES = List.of(
      BondExample.forward(Prompt.text("ABC"), "ABCABC"),
      BondExample.forward(Prompt.text("DEF"), "DEFDEF"),
      BondExample.forward(Prompt.text("GHI"), "GHIGHI"),
      BondExample.backward(Prompt.text("JKL"), "JKLJKL", 0, 0),
      BondExample.backward(Prompt.text("JKL"), "JKJKJK", 0, 0),
      BondExample.backward(Prompt.text("JKL"), "zzzz", -5, 0));

  @BeforeAll
  static void checkpoints() {
    base = TinyTraining.parent(tmp.resolve("base"), 5);
    other = TinyTraining.parent(tmp.resolve("other"), 6);
  }

  @Test
  void bondRaisesTheForwardSamplesAndLowersTheBadPolicySample() throws Exception {
    TrainingConfig config = TrainingConfig.builder(Objective.BOND).bondBeta(0.5).learningRate(1e-2)
        .batchSize(EXAMPLES.size()).maxSteps(6).seed(3).build();
    TrainingRun run = new TrainingRun(base, tmp.resolve("bond"), tmp.resolve("bond.jsonl"), 2);
    TrainingResult result = new DjlBondTrainer(Device.cpu()).train(new BondTrainingRequest(run, config, EXAMPLES));
    double[] before = logps(base);
    double[] after = logps(result.checkpoint());
    System.out.printf("bond toy: forward logps %.2f %.2f %.2f -> %.2f %.2f %.2f, zzzz %.2f -> %.2f%n", before[0],
        before[1], before[2], after[0], after[1], after[2], before[5], after[5]);
    for (int i = 0; i < 3; i++) assertTrue(after[i] > before[i] + 1, "forward " + i + ": " + before[i] + " -> " + after[i]);
    // R = [0, 0, −5]: leave-one-out baselines [−2.5, −2.5, 0], so "zzzz" has advantage −5
    assertTrue(after[5] < before[5] - 1, "zzzz: " + before[5] + " -> " + after[5]);
    assertEquals(6, result.appliedSteps());
    Map<String, Double> first = result.history().get(0).figures();
    assertEquals(-5.0 / 3, first.get("backward_mean_reward"), 1e-9);
    assertEquals(10.0 / 3, first.get("backward_mean_abs_advantage"), 1e-9);
    assertEquals(-(before[0] + before[1] + before[2]) / 3, first.get("forward_nll"), 1e-3);
    assertTrue(Files.readAllLines(run.metricsLog()).get(0).contains("\"forward_nll\""));
    Lineage lineage = Lineage.read(result.checkpoint());
    assertEquals("bond", lineage.objective());
    assertEquals(base.toString(), lineage.parent());
    assertEquals(2, lineage.iteration());
    assertEquals(Map.of("bond_beta", 0.5), lineage.settings());
    assertEquals(BondExample.fingerprint(EXAMPLES), lineage.dataFingerprint());
    assertTrue(lineage.metrics().containsKey("forward_nll"));
    assertEquals(LlamaConfig.LLAMA, LlamaConfig.read(result.checkpoint()).architecture());
    assertTrue(Files.exists(result.checkpoint().resolve("tokenizer.json")));
  }

  @Test
  void thePolicyTrainerSendsBondToItsOwnTrainer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjlTrainer(Device.cpu())
        .train(TrainingConfig.builder(Objective.BOND).build(), TinyTraining.sft(2, 1),
            new TrainingRun(base, tmp.resolve("x"), tmp.resolve("x.jsonl"), 1)));
    assertTrue(e.getMessage().contains("use DjlBondTrainer"), e.getMessage());
  }

  @Test
  void theEmaAtZeroAndOneGivesTheAnchorAndThePolicy() {
    Path keep = update(base, other, 0, "ema0");
    Path copy = update(base, other, 1, "ema1");
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> anchor = ShardedSafetensors.read(base, m, DataType.FLOAT32);
      Map<String, NDArray> policy = ShardedSafetensors.read(other, m, DataType.FLOAT32);
      Map<String, NDArray> zero = ShardedSafetensors.read(keep, m, DataType.FLOAT32);
      Map<String, NDArray> one = ShardedSafetensors.read(copy, m, DataType.FLOAT32);
      assertEquals(anchor.keySet(), zero.keySet());
      for (String name : anchor.keySet()) {
        assertArrayEquals(anchor.get(name).toFloatArray(), zero.get(name).toFloatArray(), name);
        assertArrayEquals(policy.get(name).toFloatArray(), one.get(name).toFloatArray(), name);
      }
    }
    Lineage lineage = Lineage.read(keep);
    assertEquals("ema", lineage.objective());
    assertEquals(base.toString(), lineage.parent());
    assertEquals(other.toString(), lineage.mergedWith());
    assertEquals(Map.of("eta", 0.0), lineage.settings());
    assertTrue(Files.exists(keep.resolve("tokenizer.json")));
  }

  @Test
  void theEmaIsTheExactBlendInTheAnchorsDtype() {
    Path blend = update(base, other, 0.25, "ema25");
    Path half = Checkpoints.halfPrecision(base, tmp.resolve("base16"), new Lineage(null, 0, "random", "none", Map.of()));
    Path blend16 = update(half, other, 0.25, "ema25-16");
    assertEquals(DataType.FLOAT32, ShardedSafetensors.storedType(blend));
    assertEquals(DataType.FLOAT16, ShardedSafetensors.storedType(blend16));
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> policy = ShardedSafetensors.read(other, m, DataType.FLOAT32);
      assertBlend(ShardedSafetensors.read(base, m, DataType.FLOAT32), policy,
          ShardedSafetensors.read(blend, m, DataType.FLOAT32), 1e-6);
      // fp16 keeps 11 significant bits: a relative error of at most 2^-11
      assertBlend(ShardedSafetensors.read(half, m, DataType.FLOAT32), policy,
          ShardedSafetensors.read(blend16, m, DataType.FLOAT32), 5e-4);
    }
    assertEquals(Map.of("eta", 0.25), Lineage.read(blend).settings());
  }

  @Test
  void checkpointsOfDifferentShapesAreNotBlended() {
    LlamaConfig wider = LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE, 48, 64, 2, 4, 2, 64);
    Path p;
    try (LlamaWeights w = LlamaWeights.random(wider, Device.cpu(), DataType.FLOAT32, 1, 0.3)) {
      p = CheckpointWriter.write(tmp.resolve("wider"), w, EmbeddedTokenizer::writeTo,
          new Lineage(null, 0, "random", "none", Map.of()));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> update(base, p, 0.5, "bad"));
    assertEquals("cannot blend " + p + " into anchor " + base + ": tensor model.embed_tokens.weight has shape"
        + " [105, 32] in the anchor and [105, 48] in the policy; an EMA of weights needs the same architecture",
        e.getMessage());
    assertTrue(Files.notExists(tmp.resolve("bad")));
  }

  private static Path update(Path anchor, Path policy, double eta, String name) {
    return new DjlBondTrainer(Device.cpu()).updateAnchor(new AnchorUpdate(anchor, policy, eta, tmp.resolve(name), 3));
  }

  /** Every entry of blend is 0.75·a + 0.25·p, computed in fp32. */
  private static void assertBlend(Map<String, NDArray> a, Map<String, NDArray> p, Map<String, NDArray> blend,
      double relative) {
    for (String name : a.keySet()) {
      float[] x = a.get(name).toFloatArray();
      float[] y = p.get(name).toFloatArray();
      float[] z = blend.get(name).toFloatArray();
      for (int i = 0; i < x.length; i++) {
        float expected = 0.75f * x[i] + 0.25f * y[i];
        assertEquals(expected, z[i], 1e-7 + relative * Math.abs(expected), name + " entry " + i);
      }
    }
  }

  /** log π(y) of every example under the checkpoint, as the trainer scores it. */
  private static double[] logps(Path checkpoint) {
    LlamaConfig config = LlamaConfig.read(checkpoint);
    List<TrainingExample> sequences;
    try (ModelTokenizer tokenizer = ModelTokenizer.load(checkpoint)) {
      sequences = DjlBondTrainer.tokenize(tokenizer, config, EXAMPLES);
    }
    try (LlamaWeights w = LlamaWeights.load(checkpoint, config, Device.cpu(), DataType.FLOAT32);
        NDManager m = NDManager.newBaseManager();
        NDScope scope = new NDScope()) {
      float[] lp = PolicyBatch.of(m, sequences, false, 0).sequenceLogps(new LlamaModel(w)).toFloatArray();
      double[] out = new double[lp.length];
      for (int i = 0; i < lp.length; i++) out[i] = lp[i];
      return out;
    }
  }
}
