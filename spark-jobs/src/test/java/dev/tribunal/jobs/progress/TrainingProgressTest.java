package dev.tribunal.jobs.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingProgressTest {
  @TempDir Path tmp;

  @Test
  void reportsTheLastStepItsLossThroughputAndTimeLeft() throws Exception {
    Path log = tmp.resolve("metrics.jsonl");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      TrainingProgress progress = TrainingProgress.follow("train M0", log, 4, out);
      Files.writeString(log, "{\"step\":1,\"loss\":2.5,\"num_tokens\":300,\"step_seconds\":1.0}\n"
          + "{\"step\":2,\"loss\":1.5,\"num_tokens\":500,\"step_seconds\":1.0}\n{\"step\":3,");
      progress.close();
    }
    String printed = bytes.toString(StandardCharsets.UTF_8).strip();
    String last = printed.lines().reduce((a, b) -> b).orElse("");
    // the half-written third line is not a step yet; 800 tokens in 2 s; 2 steps left at 1 s each
    assertEquals("[train M0] step 2/4  loss 1.5000  400 tokens/s  elapsed 0:00:02  ETA 0:00:02", last);
  }

  @Test
  void withoutAProgressStreamNothingIsFollowedAndAnUnknownTotalHasNoEta() throws Exception {
    TrainingProgress.to(null);
    TrainingProgress quiet = TrainingProgress.follow("dpo", tmp.resolve("none.jsonl"), 3);
    quiet.close(); // returns at once: nothing was started
    Path log = tmp.resolve("m.jsonl");
    Files.writeString(log, "{\"step\":3,\"loss\":0.5,\"num_tokens\":1000,\"step_seconds\":2.0}\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      TrainingProgress.follow("reward model", log, 0, out).close();
    }
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("[reward model] step 3  loss 0.5000  500 tokens/s"
        + "  elapsed 0:00:02  ETA ?"), bytes.toString(StandardCharsets.UTF_8));
  }
}
