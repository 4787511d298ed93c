package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a user meets it: exit codes, help, and an import end to end. */
class TribunalCliTest {
  @TempDir Path dir;

  @Test
  void helpForEveryCommandExitsZero() {
    for (String cmd : new String[] {"demo", "import", "import-pairs", "tables", "iterate", "seed", "serve", "status",
        "unlock", "config", "report", "label", "reward-model", "export-pairs", "best-of-n", "bond", "nightly"}) {
      CliRun r = CliRun.of(cmd, "--help");
      assertEquals(0, r.code(), cmd);
      assertTrue(r.out().contains("Usage: tribunal " + cmd), r.out());
      // A lone % in a description (e.g. "95% interval") makes picocli print the text unformatted, with a warning.
      assertTrue(!r.err().contains("Could not format"), cmd + ": " + r.err());
    }
    assertEquals(0, CliRun.of("--help").code());
  }

  @Test
  void usageAndConfigurationErrorsExitTwo() {
    assertEquals(2, CliRun.of("no-such-command").code());
    assertEquals(2, CliRun.of().code());
    CliRun bad = CliRun.of("config", "--set", "input.max_prompt_chars=-1");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("input.max_prompt_chars: -1 is out of range"), bad.err());
  }

  @Test
  void importPairsPrintsTheBalanceAndRefusesAnUnknownFormat() {
    String input = dev.tribunal.jobs.Corpora.alpacaEval().toString();
    String[] args = {"import-pairs", "-q", "--root", dir.resolve("runs").toString(), "--run-id", "pairs",
        "--set", "spark.master=local[1]", "--set", "spark.conf.spark.sql.shuffle.partitions=2", input};
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("input 49 records = accepted 49 + rejected 0"), r.out());
    assertTrue(CliRun.of("import-pairs", "--help").out().contains("alpaca-eval"));
    CliRun bad = CliRun.of("import-pairs", "--root", dir.resolve("runs").toString(), "--run-id", "bad",
        "--format", "csv", input);
    assertEquals(2, bad.code(), bad.err());
  }

  @Test
  void importPrintsTheBalanceAndARerunIsSkipped() throws Exception {
    Path input = dir.resolve("p.jsonl");
    Files.writeString(input, "{\"prompt\":\"a\"}\n{\"prompt\":\"b\"}\nnot json\n");
    String[] args = {"import", "-q", "--root", dir.resolve("runs").toString(), "--run-id", "cli",
        "--set", "spark.master=local[1]", "--set", "spark.conf.spark.sql.shuffle.partitions=2", input.toString()};
    CliRun first = CliRun.of(args);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("input 3 records = accepted 2 + rejected 1"), first.out());
    CliRun second = CliRun.of(args);
    assertEquals(0, second.code(), second.err());
    CliRun status = CliRun.of("status", "--root", dir.resolve("runs").toString(), "--run-id", "cli");
    assertTrue(status.out().matches("(?s).*0\\s+import\\s+completed\\s+2\\s+1.*"), status.out());
  }
}
