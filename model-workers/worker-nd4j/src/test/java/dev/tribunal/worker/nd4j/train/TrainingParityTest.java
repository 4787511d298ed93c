package dev.tribunal.worker.nd4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.tribunal.worker.djl.checkpoint.HostTensor;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.train.DjlTrainer;
import dev.tribunal.worker.nd4j.model.ForwardParityTest;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.Schedule;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import dev.tribunal.worker.train.TrainingStoppedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole training runs of both engines from the same parent and data: 20 optimizer steps with
 * warmup, decay, accumulation, clipping and weight decay end at the same weights (1e-4 relative
 * per tensor), with the same checkpoint layout and lineage; and the non-finite guard skips what
 * it must.
 */
class TrainingParityTest {

  @TempDir
  static Path tmp;
  static Path parent;
  private static int runs;

  @BeforeAll
  static void parent() {
    parent = TinyCheckpoints.write(tmp.resolve("parent"), TinyCheckpoints.config(), 11);
  }

  @Test
  void dpoWeightsAfterTwentyStepsEqualTheDjlEngines() {
    TrainingConfig config = TrainingConfig.builder(Objective.DPO).beta(0.5).learningRate(3e-3).warmupSteps(3)
        .schedule(Schedule.COSINE).batchSize(3).gradAccumulation(2).weightDecay(0.01).gradClipNorm(0.5)
        .maxSteps(20).seed(4).build();
    assertSameTraining(config, TinyCheckpoints.pairs(10, 12));
  }

  @Test
  void sftWeightsAfterTwentyStepsEqualTheDjlEngines() {
    TrainingConfig config = TrainingConfig.builder(Objective.SFT).learningRate(3e-3).batchSize(4).maxSteps(20)
        .seed(5).build();
    assertSameTraining(config, TinyCheckpoints.sft(12, 13));
  }

  @Test
  void aNonFiniteReferenceSkipsItsStepAndAllSkippedWritesNothing() {
    List<TrainingExample> poisoned = new ArrayList<>(TinyCheckpoints.pairs(4, 14));
    TrainingExample e = poisoned.get(0);
    poisoned.set(0, TrainingExample.preference(e.promptIds(), e.chosenIds(), e.rejectedIds(), Double.NaN, -3));
    TrainingConfig config = TrainingConfig.builder(Objective.DPO).batchSize(4).maxSteps(3).maxSkippedBatches(5)
        .learningRate(1e-3).build();
    TrainingRun run = run();
    assertThrows(TrainingStoppedException.class, () -> new Nd4jTrainer().train(config, poisoned, run));
    assertFalse(Files.exists(run.output()));

    List<TrainingExample> mixed = new ArrayList<>(poisoned);
    mixed.addAll(TinyCheckpoints.pairs(4, 15));
    TrainingConfig two = TrainingConfig.builder(Objective.DPO).batchSize(4).epochs(1).maxSkippedBatches(5)
        .learningRate(1e-3).seed(1).build();
    TrainingResult r = new Nd4jTrainer().train(two, mixed, run());
    assertEquals(2, r.plannedSteps());
    assertEquals(1, r.skippedBatches());
    assertEquals(1, r.appliedSteps());
  }

  @Test
  void refusesAnExistingOutputAndATokenOutsideTheVocabulary() throws Exception {
    TrainingConfig config = TrainingConfig.builder(Objective.SFT).learningRate(1e-3).build();
    TrainingRun existing = run();
    Files.createDirectories(existing.output());
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> new Nd4jTrainer().train(config, TinyCheckpoints.sft(2, 1), existing));
    assertTrue(exists.getMessage().contains("immutable"), exists.getMessage());
    List<TrainingExample> bad = List.of(TrainingExample.sft(new int[] {1, 2}, new int[] {100_000}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Nd4jTrainer().train(config, bad, run()));
    assertTrue(e.getMessage().contains("training example 0"), e.getMessage());
  }

  private static void assertSameTraining(TrainingConfig config, List<TrainingExample> examples) {
    TrainingRun djlRun = run();
    TrainingRun nd4jRun = run();
    TrainingResult djl = new DjlTrainer(Device.cpu()).train(config, examples, djlRun);
    TrainingResult nd4j = new Nd4jTrainer().train(config, examples, nd4jRun);
    assertEquals(20, nd4j.appliedSteps());
    assertEquals(djl.appliedSteps(), nd4j.appliedSteps());
    for (int s = 0; s < 20; s++) {
      double expected = djl.history().get(s).loss();
      assertEquals(expected, nd4j.history().get(s).loss(), 1e-4 * Math.abs(expected), "loss of step " + (s + 1));
    }
    Map<String, HostTensor> before = ShardedSafetensors.readHost(parent);
    Map<String, HostTensor> a = ShardedSafetensors.readHost(djl.checkpoint());
    Map<String, HostTensor> b = ShardedSafetensors.readHost(nd4j.checkpoint());
    assertEquals(a.keySet(), b.keySet());
    for (String name : a.keySet()) {
      float[] x = a.get(name).data();
      float[] y = b.get(name).data();
      float[] x0 = before.get(name).data();
      double diff = 0;
      double norm = 0;
      double moved = 0;
      for (int i = 0; i < x.length; i++) {
        diff += Math.pow(x[i] - y[i], 2);
        norm += Math.pow(x[i], 2);
        moved += Math.pow(x[i] - x0[i], 2);
      }
      assertTrue(moved > 0, name + " was not trained");
      assertTrue(Math.sqrt(diff / norm) <= 1e-4, name + ": relative difference " + Math.sqrt(diff / norm));
    }
    Lineage la = Lineage.read(djl.checkpoint());
    Lineage lb = Lineage.read(nd4j.checkpoint());
    assertEquals(la.parent(), lb.parent());
    assertEquals(la.objective(), lb.objective());
    assertEquals(la.dataFingerprint(), lb.dataFingerprint());
    assertEquals(la.settings(), lb.settings());
    assertEquals(la.metrics().keySet(), lb.metrics().keySet());
    for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
      assertTrue(Files.exists(nd4j.checkpoint().resolve(f)), f);
    }
    // either engine's checkpoint reloads in the runtime and in the other engine with the same logits
    List<int[]> sequences = List.of(examples.get(0).chosenSequence(), examples.get(1).chosenSequence());
    ForwardParityTest.assertSameLogits(nd4j.checkpoint(), sequences);
    ForwardParityTest.assertSameLogits(djl.checkpoint(), sequences);
  }

  private static TrainingRun run() {
    int n = ++runs;
    return new TrainingRun(parent, tmp.resolve("out-" + n), tmp.resolve("metrics-" + n + ".jsonl"), 1);
  }
}
