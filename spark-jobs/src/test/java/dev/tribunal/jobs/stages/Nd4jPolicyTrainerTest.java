package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.config.DpoConfig;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.train.Objective;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "nd4j" trainer as the loop finds it: on the same pairs it trains as the "djl" trainer does
 * (same losses, same version name), and its checkpoint serves in the runtime as the DJL engine's
 * does.
 */
class Nd4jPolicyTrainerTest {
  @TempDir Path dir;

  @Test
  void trainsAsTheDjlTrainerDoesAndItsCheckpointServes() throws Exception {
    Path checkpoint = TinyCheckpoint.write(dir.resolve("m0"), 3);
    List<PreferencePairRow> pairs = DjlPolicyTrainerTest.pairs(checkpoint, true);
    WorkerSpec policy = new WorkerSpec.Djl("m0", checkpoint.toString(), RuntimeOptions.DEFAULT);
    DpoConfig dpo = new DpoConfig("nd4j", Objective.DPO, 0.5, 0, 0, 5e-3, 4, 2, true);
    PolicyTrainer.Checkpoint nd4j = PolicyTrainers.find("nd4j").train(new PolicyTrainer.Request(0, policy, policy, dpo,
        pairs, dir.resolve("nd4j/iter=1").toUri().toString()));
    PolicyTrainer.Checkpoint djl = PolicyTrainers.find("djl").train(new PolicyTrainer.Request(0, policy, policy, dpo,
        pairs, dir.resolve("djl/iter=1").toUri().toString()));

    assertEquals(djl.version(), nd4j.version());
    assertEquals(Math.log(2), nd4j.metrics().get("loss_first"), 1e-3);
    for (String key : List.of("loss_first", "loss_last", "rewards/margins")) {
      assertEquals(djl.metrics().get(key), nd4j.metrics().get(key), 1e-4 * Math.max(1, Math.abs(djl.metrics().get(key))),
          key);
    }
    Prompt prompt = Prompt.chat(List.of(new ChatMessage("user", "Add 2 and 3.")));
    double fromNd4j = score(Path.of(nd4j.path()), prompt);
    double fromDjl = score(Path.of(djl.path()), prompt);
    assertTrue(Double.isFinite(fromNd4j));
    assertEquals(fromDjl, fromNd4j, 1e-3 * Math.abs(fromDjl), "the runtime scores both engines' checkpoints alike");
  }

  private static double score(Path checkpoint, Prompt prompt) {
    try (DjlModelWorker worker = DjlModelWorker.open(checkpoint, "cpu")) {
      return worker.score(List.of(new ScoreRequest(prompt, "5", true))).get(0).sum();
    }
  }
}
