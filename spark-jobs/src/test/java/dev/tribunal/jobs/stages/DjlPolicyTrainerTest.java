package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.config.DpoConfig;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.train.Objective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The registered trainer end to end on a tiny real checkpoint, with references from the runtime's score. */
class DjlPolicyTrainerTest {
  @TempDir Path dir;

  /** With the end-of-turn token, an empty response is a one-token turn and trains like any other. */
  @ParameterizedTest(name = "end of turn {0}")
  @ValueSource(booleans = {true, false})
  void startsAtLn2WithTheRuntimesReferenceAndWidensTheMargin(boolean endOfTurn) throws Exception {
    Path checkpoint = TinyCheckpoint.write(dir.resolve("m0"), 3);
    List<PreferencePairRow> pairs = pairs(checkpoint, endOfTurn);
    WorkerSpec policy = new WorkerSpec.Djl("m0", checkpoint.toString(), RuntimeOptions.DEFAULT);
    DpoConfig dpo = new DpoConfig("djl", Objective.DPO, 0.5, 0, 0, 5e-3, 4, 2, endOfTurn);
    PolicyTrainer trainer = PolicyTrainers.find("djl");
    PolicyTrainer.Checkpoint trained = trainer.train(new PolicyTrainer.Request(0, policy, policy, dpo, pairs,
        dir.resolve("models/iter=1").toUri().toString()));

    assertTrue(trained.version().startsWith("M1-"), trained.version());
    assertTrue(Files.isRegularFile(Path.of(trained.path()).resolve("config.json")));
    assertEquals(Math.log(2), trained.metrics().get("loss_first"), 1e-3,
        "policy equals reference at the start only if training sums the tokens score summed");
    assertTrue(trained.metrics().get("loss_last") < trained.metrics().get("loss_first"), trained.metrics().toString());
    assertTrue(trained.metrics().get("rewards/margins") > 0, trained.metrics().toString());
  }

  static List<PreferencePairRow> pairs(Path checkpoint, boolean endOfTurn) {
    String[][] data = {{"Add 2 and 3.", "5", "7 maybe"}, {"Reverse 'abc'.", "cba", "abc abc"},
        {"Count the a's in 'banana'.", "3", "two"}, {"Uppercase 'dog'.", endOfTurn ? "" : "DOG", "dog?"}};
    List<PreferencePairRow> out = new ArrayList<>();
    try (DjlModelWorker reference = DjlModelWorker.open(checkpoint, "cpu")) {
      for (int i = 0; i < data.length; i++) {
        Prompt prompt = Prompt.chat(List.of(new ChatMessage("user", data[i][0])));
        var scores = reference.score(List.of(new ScoreRequest(prompt, data[i][1], endOfTurn),
            new ScoreRequest(prompt, data[i][2], endOfTurn)));
        out.add(new PreferencePairRow("pair" + i, "p" + i, 0, PairKind.ACTOR, null,
            List.of(new Message("user", data[i][0])), data[i][1], data[i][2], "c" + i, "r" + i, 5.0, 1.0,
            data[i][1].length(), data[i][2].length(), LengthUnit.CHARS, null, null, null)
            .withReference(scores.get(0).sum(), scores.get(1).sum(), "m0"));
      }
    }
    return out;
  }
}
