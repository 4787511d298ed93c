package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.seed.SeedConfig;
import dev.tribunal.jobs.world.Family;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SeedCommandTest {
  @TempDir Path dir;

  private static SeedConfig parse(String... args) {
    SeedCommand command = new SeedCommand();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command.config();
  }

  private static String refusal(String... args) {
    return assertThrows(ConfigException.class, () -> parse(args)).getMessage();
  }

  @Test
  void noSettingsMeanTheShippedModelsConfig() {
    assertEquals(SeedConfig.defaults(), parse());
  }

  @Test
  void settingsOverrideOnlyWhatTheyName() {
    SeedConfig c = parse("--set", "seed.seed=7", "--set", "seed.mixed_phase.steps=50", "--set", "seed.architecture.hidden=64",
        "--set", "seed.architecture.heads=4", "--set", "seed.architecture.kv_heads=2", "--set", "world.families=[add,reverse]",
        "--set", "world.max_level=2", "--set", "seed.evaluation.actor_prompts=10", "--set", "seed.evaluation.judge_items=12",
        "--set", "seed.evaluation.meta_judge_pairs=5", "--set", "seed.mix.judge=9");
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
    assertEquals(3, parse("--set", "world.min_level=3", "--set", "world.max_level=3").world().minLevel());
    SeedConfig phases = parse("--set", "seed.instruction_phase.steps=0", "--set", "seed.mixed_phase.grad_accumulation=4",
        "--set", "seed.mixed_phase.learning_rate=5e-4");
    assertEquals(0, phases.instructionPhase().steps());
    assertEquals(new SeedConfig.Phase(d.mixedPhase().steps(), 1, 4, 5e-4, d.mixedPhase().warmupSteps()), phases.mixedPhase());
  }

  @Test
  void aConfigurationFileSetsTheSeedSectionUnderTheSets() throws IOException {
    Path file = dir.resolve("seed.yaml");
    Files.writeString(file, "seed:\n  mixed_phase:\n    steps: 40\n    warmup_steps: 4\n");
    SeedConfig c = parse("--config", file.toString(), "--set", "seed.mixed_phase.steps=60");
    assertEquals(60, c.mixedPhase().steps());
    assertEquals(4, c.mixedPhase().warmupSteps());
  }

  @Test
  void badValuesAreConfigurationErrorsNamingTheKey() {
    assertTrue(refusal("--set", "world.min_level=one").startsWith("world.min_level: bad value"));
    assertTrue(refusal("--set", "world.max_level=4").startsWith("world.max_level: 4 is out of range"));
    assertEquals("seed.evaluation.judge_items: must be >= 2, was 1", refusal("--set", "seed.evaluation.judge_items=1"));
    assertEquals("seed.architecture.hidden: 100 is not a multiple of heads (3)",
        refusal("--set", "seed.architecture.hidden=100", "--set", "seed.architecture.heads=3"));
    assertEquals("seed.mixed_phase.steps: must be >= 0, was -1", refusal("--set", "seed.mixed_phase.steps=-1"));
    assertTrue(refusal("--set", "seed.instruction_phase.steps=0", "--set", "seed.mixed_phase.steps=0")
        .startsWith("seed.mixed_phase.steps: both training phases have 0 steps"));
    assertTrue(refusal("--set", "seed.mix.instruction=0", "--set", "seed.mix.judge=0", "--set",
        "seed.mix.meta_judge_responses=0").startsWith("seed.mix.instruction: the mix would have no examples"));
    assertTrue(refusal("--set", "seed.architecture.depth=3").startsWith("unknown key 'seed.architecture.depth'; allowed here:"
        + " hidden, layers, heads, kv_heads, intermediate, max_positions"));
  }

  @Test
  void thePerFieldOptionsAreGone() {
    SeedCommand command = new SeedCommand();
    assertThrows(CommandLine.UnmatchedArgumentException.class, () -> new CommandLine(command).parseArgs("--steps", "50"));
  }

  @Test
  void helpNamesTheCommandAndTheKeysToSet() {
    PrintStream out = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, TribunalCli.run("seed", "--help"));
    } finally {
      System.setOut(out);
    }
    String help = o.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("Usage: tribunal seed"), help);
    assertTrue(help.contains("--set seed.mixed_phase.steps=3000"), help);
    assertTrue(help.contains("--config"), help);
  }
}
