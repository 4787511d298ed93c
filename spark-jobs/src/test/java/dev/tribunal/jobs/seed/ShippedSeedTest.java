package dev.tribunal.jobs.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.schemas.Winner;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The checkpoint shipped in models/seed: it loads, and it answers in each role's form. */
class ShippedSeedTest {
  private static final Path SEED = dev.tribunal.jobs.ShippedSeed.path();
  private static final WorldData WORLD = SeedMix.world(SeedConfig.defaults());

  @Test
  void itIsTheDefaultConfigsModelWithItsLineageAndCard() throws Exception {
    assertEquals(SeedConfig.defaults().architecture().llama(), LlamaConfig.read(SEED));
    Lineage lineage = Lineage.read(SEED);
    assertNull(lineage.parent());
    assertEquals("sft", lineage.objective());
    assertEquals((double) SeedConfig.defaults().mixedPhase().steps(), lineage.metrics().get("steps"));
    String card = Files.readString(SEED.resolve("MODEL_CARD.md"));
    String exact = String.format(Locale.ROOT, "%.1f%%", 100 * lineage.metrics().get("gold/actor/exact_rate"));
    assertTrue(card.contains("| exact-correct rate | " + exact + " |"), "the card states the recorded exact rate " + exact);
    SeedConfig.World world = SeedConfig.defaults().world();
    String levels = "levels " + world.minLevel() + "-" + world.maxLevel() + ")";
    assertTrue(card.contains(levels), "built on the loop's default world, " + levels);
  }

  @Test
  void itsGreedyAnswersAreWellFormedInEveryRole() {
    List<Task> tasks = WORLD.heldOut(4);
    List<Example.Judge> judged = WORLD.heldOutJudge(2);
    List<Example.MetaJudge> pair = WORLD.heldOutMetaJudge(1);
    try (DjlModelWorker worker = DjlModelWorker.open("shipped-seed", SEED, "cpu", RuntimeOptions.DEFAULT)) {
      List<Completion> answers = greedy(worker, tasks.stream().map(t -> SeedMix.ACTOR.render(t.prompt())).toList());
      for (int i = 0; i < tasks.size(); i++) {
        Completion c = answers.get(i);
        assertEquals(FinishReason.STOP, c.finishReason(), "the actor ends its answer to " + tasks.get(i).prompt());
        assertTrue(tasks.get(i).answerType().extract(c.text()).isPresent(),
            "'" + c.text() + "' answers '" + tasks.get(i).prompt() + "' with a " + tasks.get(i).answerType().noun());
      }
      for (Completion c : greedy(worker, judged.stream().map(Example::user).toList())) {
        Verdict<Integer> v = SeedMix.JUDGE.parse(c.text(), c.finishReason());
        assertTrue(v.isOk(), "judgement parses: " + c.text());
      }
      for (Completion c : greedy(worker, pair.stream().map(Example::user).toList())) {
        Verdict<Winner> v = SeedMix.META_JUDGE.parse(c.text(), c.finishReason());
        assertTrue(v.isOk(), "meta-judgement parses: " + c.text());
      }
    }
  }

  private static List<Completion> greedy(DjlModelWorker worker, List<String> users) {
    List<GenerateRequest> requests = users.stream()
        .map(u -> new GenerateRequest(Prompt.user(u), SamplingParams.greedy(128))).toList();
    List<Completion> out = worker.generate(requests).stream().map(c -> c.get(0)).toList();
    assertFalse(out.isEmpty());
    return out;
  }
}
