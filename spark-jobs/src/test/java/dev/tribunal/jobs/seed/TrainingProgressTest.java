package dev.tribunal.jobs.seed;

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
      TrainingProgress progress = TrainingProgress.follow(log, 4, out);
      Files.writeString(log, "{\"step\":1,\"loss\":2.5,\"num_tokens\":300,\"step_seconds\":1.0}\n"
          + "{\"step\":2,\"loss\":1.5,\"num_tokens\":500,\"step_seconds\":1.0}\n{\"step\":3,");
      progress.close();
    }
    String printed = bytes.toString(StandardCharsets.UTF_8).strip();
    String last = printed.lines().reduce((a, b) -> b).orElse("");
    // the half-written third line is not a step yet; 800 tokens in 2 s; 2 steps left at 1 s each
    assertEquals("step 2/4  loss 1.5000  400 tokens/s  elapsed 0m02s  ETA 0m02s", last);
  }

  @Test
  void clockReadsMinutesOrHours() {
    assertEquals("1m05s", TrainingProgress.clock(65));
    assertEquals("1h01m01s", TrainingProgress.clock(3661));
    assertTrue(TrainingProgress.clock(0).equals("0m00s"));
  }
}
