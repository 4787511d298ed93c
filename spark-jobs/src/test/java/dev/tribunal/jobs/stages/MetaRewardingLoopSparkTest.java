package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.eval.SampleGradeRow;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop on local[2]: world prompts, two iterations with a stand-in trainer, evaluation of every model. */
class MetaRewardingLoopSparkTest extends SparkTestBase {
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2]");
  }

  @Test
  void twoIterationsTrainTheJudgeOnlyWhereAskedEvaluateEveryModelAndResumeWithoutCalls() throws Exception {
    TribunalConfig config = Loop.config("meta_rewarding.iterations=2");
    Loop loop = new Loop(spark, dir.resolve("runs"));
    FakeTrainer trainer = new FakeTrainer();
    WorkerSpec seed = FakeWorkerFactory.spec("loop", "M0", Map.of());
    WorkerSpec last = loop.driver(config, trainer).run(seed);

    assertEquals("M2", last.modelVersion());
    assertEquals(2, trainer.requests.size());
    PolicyTrainer.Request first = trainer.requests.get(0);
    PolicyTrainer.Request second = trainer.requests.get(1);
    assertEquals(Set.of(PairKind.ACTOR, PairKind.JUDGE), kinds(first.pairs()), "iteration 0 trains the judge");
    assertEquals(Set.of(PairKind.ACTOR), kinds(second.pairs()), "iteration 1 trains only the actor");
    assertEquals("M1", second.policy().modelVersion());
    assertEquals("M1", second.reference().modelVersion(), "the reference is the previous model");
    assertTrue(first.pairs().stream().allMatch(p -> "M0".equals(p.refModelVersion())));
    assertTrue(second.pairs().stream().allMatch(p -> "M1".equals(p.refModelVersion())));

    var manifest = loop.run.readManifest();
    assertTrue(manifest.find("meta-judge", 0).isPresent());
    assertFalse(manifest.find("meta-judge", 1).isPresent(), "not scheduled where the judge is not trained");
    for (int s = 0; s <= 2; s++) {
      assertTrue(manifest.find("evaluate", s).map(StageRecord::completed).orElse(false), "M" + s + " evaluated");
      JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("runs/loop/iter=" + s + "/eval.json")));
      assertEquals("M" + s, json.get("model_version").asText());
      assertTrue(json.at("/metrics/actor/mean_gold_score/value").isNumber());
    }
    Set<String> finalMetrics = loop.stages.read(new TableRef(2, Metric.TABLE)).collectAsList().stream()
        .map(r -> r.<String>getAs("section") + "." + r.<String>getAs("metric")).collect(Collectors.toSet());
    assertTrue(finalMetrics.containsAll(Set.of("actor.gold_win_rate_vs_seed", "actor.gold_win_rate_vs_previous",
        "actor.exact_rate", "actor.mean_length_chars", "judge.parse_failure_rate", "meta_judge.first_position_share")),
        finalMetrics.toString());
    Set<String> judgeTrained = loop.stages.read(new TableRef(1, Metric.TABLE)).collectAsList().stream()
        .map(r -> r.<String>getAs("section") + "." + r.<String>getAs("metric")).collect(Collectors.toSet());
    assertTrue(judgeTrained.containsAll(Set.of("training_pairs.actor_gold_tie_share", "training_pairs.judge_gold_tie_share")),
        "M1's actor and judge pairs are graded against gold: " + judgeTrained);
    assertTrue(judgeTrained.containsAll(Set.of("on_policy.actor_exact_rate", "on_policy.judge_spearman",
        "on_policy.judge_top_score_share", "training.pairs")),
        "the judge is graded on the actor's own samples, and DPO's figures are kept: " + judgeTrained);
    assertFalse(loop.stages.read(new TableRef(0, Metric.TABLE)).collectAsList().stream()
        .anyMatch(r -> r.<String>getAs("metric").startsWith("gold_win_rate")), "M0 is compared with nothing");

    String console = loop.console();
    assertTrue(console.contains("iteration 0: M0 -> M1") && console.contains("iteration 1: M1 -> M2"), console);
    assertTrue(console.contains("first-position wins") && console.contains("higher-score wins")
        && console.contains("judge_dropped."), console);
    assertTrue(console.contains("evaluation of M2 (iter=2)"), console);

    long calls = FakeWorkerFactory.count("loop", "generate_calls");
    long scores = FakeWorkerFactory.count("loop", "score");
    WorkerSpec again = loop.driver(config, trainer).run(seed);
    assertEquals("M2", again.modelVersion());
    assertEquals(calls, FakeWorkerFactory.count("loop", "generate_calls"), "a finished run makes no generate call");
    assertEquals(scores, FakeWorkerFactory.count("loop", "score"));
    assertEquals(2, trainer.requests.size(), "nor trains again");
  }

  @Test
  void withoutMetaJudgingItIsTheSelfRewardingBaseline() throws Exception {
    TribunalConfig config = Loop.config("meta_rewarding.prompts=imported", "meta_rewarding.meta_judging=false");
    Loop loop = new Loop(spark, dir.resolve("baseline")).importPrompts(dir);
    WorkerSpec seed = FakeWorkerFactory.spec("baseline", "M0", Map.of());
    IterationDriver.Preferences p = loop.driver(config, new FakeTrainer()).preferences(0, seed, seed);
    assertTrue(p.metaJudgments().isEmpty() && p.ratings().isEmpty());
    assertEquals(0, FakeWorkerFactory.count("baseline", "meta_judge"));
    List<PreferencePairRow> pairs = loop.stages.read(p.pairs()).collectAsList().stream().map(PreferencePairRow::fromRow).toList();
    assertFalse(pairs.isEmpty());
    assertEquals(Set.of(PairKind.ACTOR), kinds(pairs));
    assertTrue(p.pairCounters().keySet().stream().noneMatch(k -> k.startsWith("judge")), p.pairCounters().toString());
  }

  @Test
  void worldPromptsNeverReplaceImportedOnesAndImportedOnesMustExist() throws Exception {
    WorkerSpec seed = FakeWorkerFactory.spec("sources", "M0", Map.of());
    Loop imported = new Loop(spark, dir.resolve("imported")).importPrompts(dir);
    IllegalStateException world = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> imported.driver(Loop.config(), new FakeTrainer()).preferences(0, seed, seed));
    assertTrue(world.getMessage().contains("has imported prompts") && world.getMessage().contains("meta_rewarding.prompts"),
        world.getMessage());
    assertEquals(12, imported.stages.read(new TableRef(0, "prompts")).count(), "the imported prompts are untouched");
    Loop empty = new Loop(spark, dir.resolve("empty"));
    IllegalStateException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> empty.driver(Loop.config("meta_rewarding.prompts=imported"), new FakeTrainer()).preferences(0, seed, seed));
    assertTrue(none.getMessage().contains("run tribunal import"), none.getMessage());
    assertEquals(0, FakeWorkerFactory.count("sources", "generate_calls"));
  }

  @Test
  void goldFeedbackPicksEveryActorPairByGold() throws Exception {
    TribunalConfig config = Loop.config("meta_rewarding.iterations=1", "meta_rewarding.meta_judging=false",
        "meta_rewarding.feedback=gold");
    Loop loop = new Loop(spark, dir.resolve("gold"));
    FakeTrainer trainer = new FakeTrainer();
    WorkerSpec seed = FakeWorkerFactory.spec("gold", "M0", Map.of());
    loop.driver(config, trainer).run(seed);
    var judgments = loop.stages.read(new TableRef(0, "judgments")).collectAsList();
    assertFalse(judgments.isEmpty());
    assertTrue(judgments.stream().allMatch(r -> "gold".equals(r.getAs("model_version"))));
    Map<String, Double> m1 = loop.stages.read(new TableRef(1, Metric.TABLE)).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("section") + "." + r.<String>getAs("metric"), r -> r.<Double>getAs("value")));
    assertEquals(1.0, m1.get("training_pairs.actor_gold_agreement"), m1.toString());
    assertEquals(0.0, m1.get("training_pairs.actor_gold_tie_share"), m1.toString());
    assertEquals(1.0, m1.get("on_policy.judge_pairwise_accuracy"), m1.toString());
    Map<String, Integer> grades = loop.stages.read(new TableRef(0, SampleGradeRow.TABLE)).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("sample_id"), r -> r.<Integer>getAs("gold_score")));
    assertEquals(loop.stages.read(new TableRef(0, "samples")).count(), grades.size(), "every sample is graded once");
    assertTrue(judgments.stream().allMatch(j -> j.<Integer>getAs("score").equals(grades.get(j.<String>getAs("sample_id")))),
        "the stored grades are the gold judge's scores");
    assertEquals(Set.of(PairKind.ACTOR), kinds(trainer.requests.get(0).pairs()));
  }

  private static Set<PairKind> kinds(List<PreferencePairRow> pairs) {
    return pairs.stream().map(PreferencePairRow::kind).collect(Collectors.toSet());
  }
}
