package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tribunal iterate refuses to start what it cannot finish: no trainer, or no seed checkpoint. */
class IterateCommandTest {
  @TempDir Path dir;

  @Test
  void helpDescribesTheLoop() {
    CliRun r = CliRun.of("iterate", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: tribunal iterate") && r.out().contains("Self-Rewarding baseline"), r.out());
  }

  @Test
  void withoutTheConfiguredTrainerItFailsBeforeStarting() {
    Path root = dir.resolve("runs");
    CliRun r = CliRun.of("iterate", "-q", "--root", root.toString(), "--run-id", "no-trainer",
        "--set", "meta_rewarding.dpo.trainer=nosuch");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("no policy trainer named 'nosuch'") && r.err().contains("djl")
        && r.err().contains("nothing was started"), r.err());
    assertFalse(Files.exists(root), "no run directory, no Spark");
  }

  @Test
  void withoutASeedCheckpointItFailsBeforeStarting() {
    Path root = dir.resolve("runs");
    CliRun r = CliRun.of("iterate", "-q", "--root", root.toString(), "--set", "meta_rewarding.dpo.trainer=fake",
        "--set", "models.checkpoint=" + dir.resolve("missing"));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("models.checkpoint: no config.json in " + dir.resolve("missing")), r.err());
    assertFalse(Files.exists(root));
  }
}
