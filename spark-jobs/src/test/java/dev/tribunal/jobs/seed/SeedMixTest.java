package dev.tribunal.jobs.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedMixTest {
  private static final SeedConfig.Mix MIX = new SeedConfig.Mix(10, 12, 5);

  @TempDir Path tmp;

  @Test
  void theMixHasEachRoleInItsCountAndOnlyTrainingPrompts() {
    List<Example> examples = SeedMix.examples(SeedMix.world(SeedConfig.defaults()), MIX);
    assertEquals(MIX.examples(), examples.size());
    assertEquals(10, examples.stream().filter(Example.Sft.class::isInstance).count());
    assertEquals(12, examples.stream().filter(Example.Judge.class::isInstance).count());
    assertEquals(10, examples.stream().filter(Example.MetaJudge.class::isInstance).count());
    assertTrue(examples.stream().noneMatch(e -> TaskWorld.isHeldOut(e.task().prompt())));
  }

  @Test
  void theWorldFollowsTheConfigsFamiliesAndLevels() {
    SeedConfig config = SeedConfig.defaults().withWorld(new SeedConfig.World(EnumSet.of(Family.REVERSE), 2, 2));
    WorldData world = SeedMix.world(config);
    assertTrue(world.sft(50).stream().allMatch(e -> e.task().family() == Family.REVERSE && e.task().level() == 2));
  }

  @Test
  void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
    SeedConfig config = SeedConfig.defaults();
    assertEquals(SeedMix.examples(SeedMix.world(config), MIX), SeedMix.examples(SeedMix.world(config), MIX));
    assertTrue(!SeedMix.examples(SeedMix.world(config), MIX)
        .equals(SeedMix.examples(SeedMix.world(config.withSeed(config.seed() + 1)), MIX)));
  }

  @Test
  void onlyTheRepliesAndTheirEndTokensCarryTheLoss() {
    List<Example> examples = SeedMix.examples(SeedMix.world(SeedConfig.defaults()), MIX);
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
    assertThrows(IllegalArgumentException.class, () -> new SeedConfig.Optimisation(10, 4, 0, 0, 0));
  }
}
