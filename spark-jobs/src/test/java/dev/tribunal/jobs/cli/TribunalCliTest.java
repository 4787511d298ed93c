package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a user meets it: exit codes, help, and an import end to end. */
class TribunalCliTest {
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
      int code = TribunalCli.run(args);
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpForEveryCommandExitsZero() {
    for (String cmd : new String[] {"import", "status", "config"}) {
      Result r = run(cmd, "--help");
      assertEquals(0, r.code(), cmd);
      assertTrue(r.out().contains("Usage: tribunal " + cmd), r.out());
    }
    assertEquals(0, run("--help").code());
  }

  @Test
  void usageAndConfigurationErrorsExitTwo() {
    assertEquals(2, run("no-such-command").code());
    assertEquals(2, run().code());
    Result bad = run("config", "--set", "input.max_prompt_chars=-1");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("input.max_prompt_chars: -1 is out of range"), bad.err());
  }

  @Test
  void importPrintsTheBalanceAndARerunIsSkipped() throws Exception {
    Path input = dir.resolve("p.jsonl");
    Files.writeString(input, "{\"prompt\":\"a\"}\n{\"prompt\":\"b\"}\nnot json\n");
    String[] args = {"import", "-q", "--root", dir.resolve("runs").toString(), "--run-id", "cli",
        "--set", "spark.master=local[1]", "--set", "spark.conf.spark.sql.shuffle.partitions=2", input.toString()};
    Result first = run(args);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("input 3 records = accepted 2 + rejected 1"), first.out());
    Result second = run(args);
    assertEquals(0, second.code(), second.err());
    Result status = run("status", "--root", dir.resolve("runs").toString(), "--run-id", "cli");
    assertTrue(status.out().matches("(?s).*0\\s+import\\s+completed\\s+2\\s+1.*"), status.out());
  }
}
