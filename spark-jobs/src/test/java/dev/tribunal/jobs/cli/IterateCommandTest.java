package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tribunal iterate refuses to start what it cannot finish: no trainer, or no seed checkpoint. */
class IterateCommandTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      return new Result(TribunalCli.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpDescribesTheLoop() {
    Result r = run("iterate", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: tribunal iterate") && r.out().contains("Self-Rewarding baseline"), r.out());
  }

  @Test
  void withoutTheConfiguredTrainerItFailsBeforeStarting() {
    Path root = dir.resolve("runs");
    Result r = run("iterate", "-q", "--root", root.toString(), "--run-id", "no-trainer",
        "--set", "meta_rewarding.dpo.trainer=nosuch");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("no policy trainer named 'nosuch'") && r.err().contains("djl")
        && r.err().contains("nothing was started"), r.err());
    assertFalse(Files.exists(root), "no run directory, no Spark");
  }

  @Test
  void withoutASeedCheckpointItFailsBeforeStarting() {
    Path root = dir.resolve("runs");
    Result r = run("iterate", "-q", "--root", root.toString(), "--set", "meta_rewarding.dpo.trainer=fake",
        "--set", "models.checkpoint=" + dir.resolve("missing"));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("models.checkpoint: no config.json in " + dir.resolve("missing")), r.err());
    assertFalse(Files.exists(root));
  }
}
