package dev.tribunal.worker.djl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.LoadedModel;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.model.PaddedBatch;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.Schedule;
import dev.tribunal.worker.train.StepMetrics;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlTrainerTest {

  @TempDir
  static Path tmp;
  static Path parent;
  static List<TrainingExample> pairs;
  private static int runs;

  private final DjlTrainer trainer = new DjlTrainer(Device.cpu());

  @BeforeAll
  static void parent() {
    parent = TinyTraining.parent(tmp.resolve("parent"), 1);
    pairs = TinyTraining.preferences(parent, 16, 2);
  }

  @Test
  void dpoStartsAtLn2ThenRaisesMarginsAndAccuracy() {
    TrainingConfig config = TrainingConfig.builder(Objective.DPO).learningRate(1e-2).schedule(Schedule.CONSTANT)
        .batchSize(8).maxSteps(12).build();
    List<StepMetrics> h = trainer.train(config, pairs, run()).history();
    // the references came from the runtime's scorer on the parent: the policy starts equal to them
    assertEquals(Math.log(2), h.get(0).loss(), 1e-5);
    assertEquals(0, h.get(0).rewards().margin(), 1e-5);
    StepMetrics last = h.get(h.size() - 1);
    assertTrue(last.loss() < Math.log(2) - 0.2, "loss " + last.loss());
    assertTrue(last.rewards().margin() > 0.5, "margin " + last.rewards().margin());
    assertEquals(1.0, last.rewards().accuracy(), 0);
    assertTrue(last.rewards().chosen() > 0, "chosen reward " + last.rewards().chosen());
  }

  @Test
  void sftLowersTheResponseNll() {
    TrainingConfig config = TrainingConfig.builder(Objective.SFT).learningRate(1e-2).batchSize(8).epochs(8).build();
    TrainingResult r = trainer.train(config, TinyTraining.sft(16, 3), run());
    double first = r.history().get(0).loss();
    double last = r.history().get(r.history().size() - 1).loss();
    assertTrue(last < first - 1.0, first + " -> " + last);
    assertEquals(16, r.plannedSteps());
    assertEquals(16, r.appliedSteps());
  }

  @Test
  void writtenCheckpointGivesTheSameLogitsThroughTheRuntime() throws Exception {
    TrainingConfig config = TrainingConfig.builder(Objective.DPO).learningRate(1e-2).batchSize(8).maxSteps(3).build();
    TrainingRun run = run();
    try (LlamaWeights weights = LlamaWeights.load(parent, LlamaConfig.read(parent), Device.cpu(), DataType.FLOAT32);
        NDManager m = NDManager.newBaseManager()) {
      TrainingResult result = DjlTrainer.train(weights, config, pairs, run);
      float[] trained = logits(new LlamaModel(weights), m);
      try (LoadedModel loaded = LoadedModel.load("trained", result.checkpoint(), Device.cpu())) {
        float[] reloaded = logits(loaded.model(), m);
        assertEquals(trained.length, reloaded.length);
        for (int i = 0; i < trained.length; i++) assertEquals(trained[i], reloaded[i], 1e-5, "logit " + i);
      }
      try (LoadedModel before = LoadedModel.load("parent", parent, Device.cpu())) {
        assertFalse(java.util.Arrays.equals(trained, logits(before.model(), m)), "training changed nothing");
      }
    }
    Lineage lineage = Lineage.read(run.output());
    assertEquals(parent.toString(), lineage.parent());
    assertEquals(2, lineage.iteration());
    assertEquals("dpo", lineage.objective());
    assertEquals(TrainingExample.fingerprint(pairs), lineage.dataFingerprint());
    assertEquals(3.0, lineage.metrics().get("steps"));
    assertTrue(lineage.metrics().containsKey("loss_last"));
    assertTrue(Files.exists(run.output().resolve("tokenizer.json")));
    assertEquals(3, Files.readAllLines(run.metricsLog()).size());
  }

  @Test
  void aNanReferenceSkipsItsBatchAndCountsIt() throws Exception {
    List<TrainingExample> data = new java.util.ArrayList<>(pairs.subList(0, 8));
    TrainingExample e = data.get(5);
    data.set(5, TrainingExample.preference(e.promptIds(), e.chosenIds(), e.rejectedIds(), Double.NaN,
        e.refRejectedLogp()));
    TrainingConfig config = TrainingConfig.builder(Objective.DPO).learningRate(1e-3).batchSize(2).build();
    TrainingRun run = run();
    TrainingResult r = trainer.train(config, data, run);
    assertEquals(4, r.plannedSteps());
    assertEquals(3, r.appliedSteps());
    assertEquals(1, r.skippedBatches());
    assertFalse(r.stoppedEarly());
    assertEquals(1, r.history().stream().filter(StepMetrics::skipped).count());
    List<String> lines = Files.readAllLines(run.metricsLog());
    assertEquals(1, lines.stream().filter(l -> !l.contains("\"loss\"")).count());
    assertTrue(lines.get(3).contains("\"skipped_batches\":1"), lines.get(3));
    assertTrue(Files.exists(run.output()));
  }

  @Test
  void nanWeightsStopAtTheLimitAndWriteNothing() {
    Path poisoned = tmp.resolve("poisoned");
    try (LlamaWeights w = TinyTraining.weights(4); NDScope scope = new NDScope()) {
      NDArray norm = w.toHf().get("model.norm.weight");
      norm.set(new ai.djl.ndarray.index.NDIndex(0), Float.NaN);
      assertTrue(Float.isNaN(w.parameters().stream().filter(p -> p.getShape().dimension() == 1)
          .reduce((a, b) -> b).orElseThrow().getFloat(0)), "the NaN must reach the weights");
      dev.tribunal.worker.djl.CheckpointWriter.write(poisoned, w,
          dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer::writeTo, new Lineage(null, 0, "random", "none", null));
    }
    TrainingConfig config = TrainingConfig.builder(Objective.SFT).batchSize(2).maxSkippedBatches(2).build();
    TrainingRun run = new TrainingRun(poisoned, tmp.resolve("from-poisoned"), tmp.resolve("from-poisoned.jsonl"), 1);
    var e = assertThrows(dev.tribunal.worker.train.TrainingStoppedException.class,
        () -> trainer.train(config, TinyTraining.sft(16, 5), run));
    assertTrue(e.getMessage().contains("3 batches"), e.getMessage());
    assertFalse(Files.exists(run.output()));
  }

  @Test
  void theLimitStopsTrainingKeepingTheLastGoodWeights() throws Exception {
    TrainingConfig stopping = TrainingConfig.builder(Objective.DPO).learningRate(1e-2).schedule(Schedule.CONSTANT)
        .batchSize(1).maxSkippedBatches(1).build();
    // steps 1 and 2 get good pairs, every later step a NaN reference
    int[] order = dev.tribunal.worker.train.BatchPlan.of(8, stopping).steps().stream()
        .mapToInt(s -> s.microBatches().get(0)[0]).toArray();
    TrainingExample[] data = new TrainingExample[8];
    for (int k = 0; k < 8; k++) {
      TrainingExample e = pairs.get(k);
      data[order[k]] = k < 2 ? e : TrainingExample.preference(e.promptIds(), e.chosenIds(), e.rejectedIds(),
          e.refChosenLogp(), Double.NaN);
    }
    TrainingResult stopped = trainer.train(stopping, List.of(data), run());
    assertTrue(stopped.stoppedEarly());
    assertEquals(2, stopped.appliedSteps());
    assertEquals(2, stopped.skippedBatches());
    assertEquals(4, stopped.history().size());
    TrainingConfig twoSteps = TrainingConfig.builder(Objective.DPO).learningRate(1e-2).schedule(Schedule.CONSTANT)
        .batchSize(1).maxSteps(2).build();
    TrainingResult good = trainer.train(twoSteps, List.of(data), run());
    assertArrayEquals(weights(good.checkpoint()), weights(stopped.checkpoint()));
    assertFalse(java.util.Arrays.equals(weights(parent), weights(stopped.checkpoint())));
  }

  @Test
  void gradientAccumulationGivesTheGradientOfOneLargeBatch() {
    // SFT weighs examples by their (different) response lengths: the accumulated micro-batches
    // must still average over the step's tokens, not over micro-batch means
    List<TrainingExample> data = TinyTraining.sft(8, 6);
    double[] norms = new double[3];
    double[] losses = new double[3];
    int[][] shapes = {{8, 1}, {4, 2}, {1, 8}};
    for (int i = 0; i < 3; i++) {
      TrainingConfig c = TrainingConfig.builder(Objective.SFT).batchSize(shapes[i][0])
          .gradAccumulation(shapes[i][1]).maxSteps(1).build();
      StepMetrics m = trainer.train(c, data, run()).history().get(0);
      norms[i] = m.gradNorm();
      losses[i] = m.loss();
    }
    for (int i = 1; i < 3; i++) {
      assertEquals(losses[0], losses[i], 1e-5);
      assertEquals(norms[0], norms[i], 1e-5 * norms[0]);
    }
  }

  @Test
  void theSameSeedGivesTheSameRun() throws Exception {
    TrainingConfig config = TrainingConfig.builder(Objective.IPO).learningRate(1e-3).batchSize(4).epochs(2)
        .seed(7).build();
    TrainingResult a = trainer.train(config, pairs, run());
    TrainingResult b = trainer.train(config, pairs, run());
    assertEquals(a.history().stream().map(StepMetrics::loss).toList(), b.history().stream().map(StepMetrics::loss).toList());
    assertArrayEquals(weights(a.checkpoint()), weights(b.checkpoint()));
    TrainingConfig other = TrainingConfig.builder(Objective.IPO).learningRate(1e-3).batchSize(4).epochs(2)
        .seed(8).build();
    // the seed orders the batches: IPO's first loss is (1/(2*beta))^2 whatever the batch, since
    // policy = reference, so the difference shows in the weights the run ends with
    assertFalse(java.util.Arrays.equals(weights(a.checkpoint()), weights(trainer.train(other, pairs, run()).checkpoint())));
  }

  @Test
  void refusesBadInputBeforeTraining() throws Exception {
    TrainingConfig dpo = TrainingConfig.builder(Objective.DPO).build();
    TrainingRun exists = new TrainingRun(parent, Files.createDirectories(tmp.resolve("exists")), tmp.resolve("x.jsonl"), 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> trainer.train(dpo, pairs, exists))
        .getMessage().contains("already exists"));
    List<TrainingExample> outside = List.of(pairs.get(0), TrainingExample.preference(new int[] {1}, new int[] {105},
        new int[] {3}, -1, -1));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> trainer.train(dpo, outside, run()))
        .getMessage().contains("example 1 has token id 105"));
    List<TrainingExample> noRefs = TinyTraining.sft(2, 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> trainer.train(dpo, noRefs, run()))
        .getMessage().contains("example 0"));
    List<TrainingExample> tooLong = List.of(TrainingExample.sft(new int[60], new int[10]));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> trainer.train(TrainingConfig.builder(Objective.SFT).build(), tooLong, run()))
        .getMessage().contains("max_position_embeddings"));
  }

  private static synchronized TrainingRun run() {
    runs++;
    return new TrainingRun(parent, tmp.resolve("out-" + runs), tmp.resolve("metrics-" + runs + ".jsonl"), 2);
  }

  private static float[] logits(LlamaModel model, NDManager m) {
    try (NDScope scope = new NDScope()) {
      PaddedBatch b = PaddedBatch.right(m, List.of(new int[] {43, 44, 45, 46, 47}, new int[] {50, 51}), 0);
      return model.forward(b.ids(), model.positions(b.mask()), model.attentionBias(b.mask(), b.width(), 0), null, false)
          .toFloatArray();
    }
  }

  /** Every parameter of a checkpoint, concatenated. */
  private static float[] weights(Path checkpoint) {
    try (LlamaWeights w = LlamaWeights.load(checkpoint, LlamaConfig.read(checkpoint), Device.cpu(), DataType.FLOAT32);
        NDScope scope = new NDScope()) {
      return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(w.parameters().stream()
          .map(p -> p.reshape(-1)).toArray(NDArray[]::new))).toFloatArray();
    }
  }
}
