package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.seed.SeedConfig;
import dev.tribunal.jobs.world.Family;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SeedCommandTest {

  private static SeedConfig parse(String... args) {
    SeedCommand command = new SeedCommand();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command.config();
  }

  @Test
  void noOptionsMeanTheShippedModelsConfig() {
    assertEquals(SeedConfig.defaults(), parse());
  }

  @Test
  void optionsOverrideOnlyWhatTheyName() {
    SeedConfig c = parse("--seed", "7", "--steps", "50", "--hidden", "64", "--heads", "4", "--kv-heads", "2",
        "--families", "add,reverse", "--levels", "1-2", "--eval", "10,12,5", "--judge-examples", "9");
    SeedConfig d = SeedConfig.defaults();
    assertEquals(7, c.seed());
    assertEquals(50, c.mixedPhase().steps());
    assertEquals(d.mixedPhase().learningRate(), c.mixedPhase().learningRate());
    assertEquals(d.instructionPhase(), c.instructionPhase());
    assertEquals(new SeedConfig.Architecture(64, d.architecture().layers(), 4, 2, d.architecture().intermediate(),
        d.architecture().maxPositions()), c.architecture());
    assertEquals(new SeedConfig.World(Set.of(Family.ADD, Family.REVERSE), 1, 2), c.world());
    assertEquals(new GoldEvaluation.Sizes(10, 12, 5), c.evaluation());
    assertEquals(new SeedConfig.Mix(d.mix().instruction(), 9, d.mix().metaJudgeResponses()), c.mix());
    assertEquals(3, parse("--levels", "3").world().minLevel());
    SeedConfig phases = parse("--instruction-steps", "0", "--examples-per-step", "4", "--lr", "5e-4");
    assertEquals(0, phases.instructionPhase().steps());
    assertEquals(new SeedConfig.Phase(d.mixedPhase().steps(), 1, 4, 5e-4, d.mixedPhase().warmupSteps()), phases.mixedPhase());
  }

  @Test
  void badValuesAreConfigurationErrors() {
    assertThrows(ConfigException.class, () -> parse("--levels", "one-two"));
    assertThrows(ConfigException.class, () -> parse("--levels", "2-4"));
    assertThrows(ConfigException.class, () -> parse("--eval", "1,2"));
    assertThrows(ConfigException.class, () -> parse("--hidden", "100", "--heads", "3"));
  }

  @Test
  void helpNamesTheCommand() {
    PrintStream out = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, TribunalCli.run("seed", "--help"));
    } finally {
      System.setOut(out);
    }
    assertTrue(o.toString(StandardCharsets.UTF_8).contains("Usage: tribunal seed"));
  }
}
