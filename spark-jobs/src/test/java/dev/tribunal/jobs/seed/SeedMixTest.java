package dev.tribunal.jobs.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.TaskWorld;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.djl.tokenizer.TrainingData;
import dev.tribunal.worker.train.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedMixTest {
  private static final SeedConfig.Mix MIX = new SeedConfig.Mix(10, 12, 5);
  private static final SeedConfig CONFIG = SeedConfig.defaults().withMix(MIX)
      .withPhases(new SeedConfig.Phase(3, 4, 2, 1e-3, 0), SeedConfig.defaults().mixedPhase());

  @TempDir Path tmp;

  @Test
  void theInstructionPhaseHasItsOwnInstructionExamplesAndTheMixedPhaseEveryRole() {
    SeedMix.Phases phases = SeedMix.phases(SeedMix.world(CONFIG), CONFIG);
    assertEquals(24, phases.instruction().size()); // 3 steps of 4 x 2
    assertTrue(phases.instruction().stream().allMatch(Example.Sft.class::isInstance));
    List<Example> mixed = phases.mixed();
    assertEquals(MIX.examples(), mixed.size());
    assertEquals(10, mixed.stream().filter(Example.Sft.class::isInstance).count());
    assertEquals(12, mixed.stream().filter(Example.Judge.class::isInstance).count());
    assertEquals(10, mixed.stream().filter(Example.MetaJudge.class::isInstance).count());
    List<Example> all = new ArrayList<>(phases.instruction());
    all.addAll(mixed);
    assertTrue(all.stream().noneMatch(e -> TaskWorld.isHeldOut(e.task().prompt())));
    // the mixed phase's instruction examples continue the world's stream after the first phase's
    assertEquals(SeedMix.world(CONFIG).sft(34).subList(24, 34), mixed.subList(0, 10));
  }

  @Test
  void aSkippedInstructionPhaseTakesNoExamples() {
    SeedConfig config = CONFIG.withPhases(new SeedConfig.Phase(0, 4, 1, 1e-3, 0), CONFIG.mixedPhase());
    assertTrue(SeedMix.phases(SeedMix.world(config), config).instruction().isEmpty());
  }

  @Test
  void theWorldFollowsTheConfigsFamiliesAndLevels() {
    SeedConfig config = SeedConfig.defaults().withWorld(new SeedConfig.World(EnumSet.of(Family.REVERSE), 2, 2));
    WorldData world = SeedMix.world(config);
    assertTrue(world.sft(50).stream().allMatch(e -> e.task().family() == Family.REVERSE && e.task().level() == 2));
  }

  @Test
  void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
    assertEquals(SeedMix.phases(SeedMix.world(CONFIG), CONFIG), SeedMix.phases(SeedMix.world(CONFIG), CONFIG));
    SeedConfig other = CONFIG.withSeed(CONFIG.seed() + 1);
    assertNotEquals(SeedMix.phases(SeedMix.world(CONFIG), CONFIG), SeedMix.phases(SeedMix.world(other), other));
  }

  @Test
  void onlyTheRepliesAndTheirEndTokensCarryTheLoss() {
    List<Example> examples = SeedMix.phases(SeedMix.world(CONFIG), CONFIG).mixed();
    EmbeddedTokenizer.writeTo(tmp);
    try (ModelTokenizer tok = ModelTokenizer.load(tmp)) {
      List<TrainingExample> tokens = SeedMix.tokens(examples, new TrainingData(tok));
      SeedData data = SeedData.of(examples, tokens);
      long replyChars = 0;
      for (int i = 0; i < examples.size(); i++) {
        int[] reply = tokens.get(i).chosenIds();
        assertEquals(examples.get(i).assistant(), tok.decode(reply, reply.length));
        assertEquals(EmbeddedTokenizer.END_ID, reply[reply.length - 1]);
        assertTrue(tok.decode(tokens.get(i).promptIds(), tokens.get(i).promptIds().length).contains(examples.get(i).user()));
        replyChars += examples.get(i).assistant().length();
      }
      assertEquals(replyChars + examples.size(), data.responseTokens()); // one character a token, plus <|end|>
      assertEquals(10, data.instruction());
      assertEquals(12, data.judge());
      assertEquals(10, data.metaJudge());
    }
  }

  @Test
  void configsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new SeedConfig.Mix(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SeedConfig.Architecture(100, 2, 3, 1, 64, 512));
    assertThrows(IllegalArgumentException.class, () -> new SeedConfig.World(EnumSet.of(Family.ADD), 2, 1));
    assertThrows(IllegalArgumentException.class, () -> new SeedConfig.Phase(10, 4, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new SeedConfig.Phase(-1, 4, 1, 1e-3, 0));
    SeedConfig.Phase none = new SeedConfig.Phase(0, 4, 1, 1e-3, 0);
    assertThrows(IllegalArgumentException.class, () -> CONFIG.withPhases(none, none));
  }
}
