package dev.tribunal.jobs.bond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.metarewarding.MetaRewardingStages;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.TinyCheckpoint;
import dev.tribunal.jobs.stages.WorldPromptsStage;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Best-of-N and J-BOND over a tiny real model on local[2], with the world's gold grade as the reward. */
class BondSparkTest extends SparkTestBase {
  @TempDir static Path dir;
  static TribunalConfig config;
  static WorkerSpec tiny;

  @BeforeAll
  static void tinyModel() throws Exception {
    start("local[2]");
    Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), 11);
    config = config(checkpoint, "bond.rounds=1");
    tiny = WorkerSpecs.seed(config.models());
  }

  /** Small sizes over the tiny checkpoint; the overrides come last. */
  private static TribunalConfig config(Path checkpoint, String... overrides) {
    List<String> all = new java.util.ArrayList<>(List.of("world.prompts=6", "world.held_out=4",
        "world.judge_examples=4", "world.meta_judge_examples=2", "bond.n=4", "bond.sampling.max_new_tokens=6",
        "bond.batch_prompts=3", "bond.partitions=2", "bond.batch_size=4", "meta_rewarding.actor.max_new_tokens=6",
        "meta_rewarding.judge.max_new_tokens=6", "meta_rewarding.meta_judge.max_new_tokens=6",
        "models.checkpoint=" + checkpoint, "models.seed_version=tiny-0"));
    all.addAll(List.of(overrides));
    return new ConfigLoader(k -> null).load(null, all);
  }

  private static StageRunner runner(String id) {
    return new StageRunner(spark, new RunDirectory(dir.resolve("runs").toString(), id,
        spark.sparkContext().hadoopConfiguration()), Set.of(), new PrintStream(new ByteArrayOutputStream(), true));
  }

  private static BestOfNStages build(TribunalConfig c) {
    return new BestOfNStages(c.bond(), c.rlaif(), c.resolvedRoles(), c.world(), c.models(), c.metaRewarding());
  }

  @Test
  void bestOfNKeepsOneBestPerPromptWithItsQuantilesAndGoldOnlyRisesWithN() {
    StageRunner r = runner("bon");
    BestOfNStages build = build(config);
    TableRef prompts = r.run(new WorldPromptsStage(config.world()), 0).output();
    TableRef samples = r.run(build.sample(prompts, tiny, 4), 0).output();
    TableRef rewards = r.run(build.reward(prompts, List.of(samples), tiny), 0).output();
    List<BestOfNRow> rows = r.read(r.run(new BestOfNStage(samples, rewards), 0).output()).collectAsList().stream()
        .map(BestOfNRow::fromRow).toList();
    Map<String, List<BestOfNRow>> byPrompt = rows.stream().collect(Collectors.groupingBy(BestOfNRow::promptId));
    assertEquals(6, byPrompt.size());
    for (List<BestOfNRow> drawn : byPrompt.values()) {
      List<BestOfNRow> best = drawn.stream().filter(BestOfNRow::best).toList();
      assertEquals(1, best.size());
      double top = drawn.stream().mapToDouble(BestOfNRow::reward).max().orElseThrow();
      assertEquals(top, best.get(0).reward());
      assertEquals(1.0, best.get(0).pAtMost());
      drawn.forEach(d -> assertTrue(d.pBelow() <= d.pAtMost() && d.pBelow() < 1.0, d.toString()));
    }
    Map<String, Double> eval = r.read(r.run(new BestOfNEvalStage(samples, rewards, config.world(), 4, "gold"), 0)
        .output()).collectAsList().stream().map(Metric::fromRow).collect(Collectors.toMap(Metric::metric, Metric::value));
    assertTrue(eval.get("gold@1") <= eval.get("gold@2") && eval.get("gold@2") <= eval.get("gold@4"), eval.toString());
    assertEquals(4.0, eval.get("generations@4"));
  }

  @Test
  void theModelsOwnJudgeRewardsASampleWithItsMeanScore() {
    TribunalConfig c = config(Path.of(config.models().checkpoint()), "bond.reward=judge", "bond.judgments=3",
        "roles.judge_template=full");
    WorkerSpec fake = dev.tribunal.jobs.stages.FakeWorkerFactory.spec("bond-judge", "fake-0", Map.of());
    StageRunner r = runner("judge");
    BestOfNStages build = build(c);
    TableRef prompts = r.run(new WorldPromptsStage(c.world()), 0).output();
    TableRef samples = r.run(build.sample(prompts, fake, 2), 0).output();
    TableRef rewards = r.run(build.reward(prompts, List.of(samples), fake), 0).output();
    assertEquals("judge_rewards", rewards.name());
    List<dev.tribunal.schemas.RewardRow> rows = r.read(rewards).collectAsList().stream()
        .map(dev.tribunal.schemas.RewardRow::fromRow).toList();
    assertTrue(rows.stream().anyMatch(x -> x.reward() != null), "the fake judge ends with a score line");
    rows.stream().filter(x -> x.reward() != null)
        .forEach(x -> assertTrue(x.reward() >= 0 && x.reward() <= 5 && x.reward().equals(x.score()), x.toString()));
    assertEquals(rows.size(), dev.tribunal.jobs.stages.FakeWorkerFactory.count("bond-judge", "judge"),
        "one judge request (of bond.judgments completions) per sample");
  }

  @Test
  void jBondResumesAfterARoundWithTheSamePolicyAndAnchor() throws Exception {
    TribunalConfig one = config;
    MetaRewardingStages evaluation = new MetaRewardingStages(one.metaRewarding(), one.resolvedRoles(), one.world());
    WorkerSpec first = new BondDriver(runner("jbond"), build(one), evaluation, one.bond(), one.world(),
        one.resolvedRoles().actor()).run(tiny);
    TribunalConfig two = config(Path.of(config.models().checkpoint()), "bond.rounds=2");
    StageRunner again = runner("jbond");
    String trainedAt = again.runDirectory().readManifest().find("train", 0).orElseThrow().finished();
    WorkerSpec second = new BondDriver(again, build(two), evaluation, two.bond(), two.world(),
        two.resolvedRoles().actor()).run(tiny);

    assertEquals(trainedAt, again.runDirectory().readManifest().find("train", 0).orElseThrow().finished(),
        "round 0 is not trained again");
    CheckpointRow round1 = CheckpointRow.fromRow(again.read(new TableRef(1, CheckpointRow.TABLE)).first());
    assertEquals(first.modelVersion(), round1.parentVersion(), "round 1 starts from round 0's policy");
    assertEquals(second.modelVersion(), round1.version());
    CheckpointRow anchor0 = CheckpointRow.fromRow(again.read(new TableRef(0, AnchorUpdateStage.ID.table())).first());
    CheckpointRow anchor1 = CheckpointRow.fromRow(again.read(new TableRef(1, AnchorUpdateStage.ID.table())).first());
    assertEquals(anchor0.version(), anchor1.parentVersion(), "the anchor moves on from where it was");
    assertEquals(anchor0.version(), round1.referenceVersion(), "round 1's anchor samples came from the moved anchor");
    assertTrue(Files.isRegularFile(Path.of(anchor1.path(), "model.safetensors")));
    assertTrue(again.runDirectory().readManifest().find("evaluate", 2).map(StageRecord::completed).orElse(false));
    Metric kl = again.read(new TableRef(1, RoundFiguresStage.ID.table())).collectAsList().stream().map(Metric::fromRow)
        .filter(m -> m.metric().equals("kl_to_reference")).findFirst().orElseThrow();
    assertEquals(first.modelVersion(), kl.modelVersion());
    assertTrue(kl.count() > 0, "round 1's policy has moved: its KL is estimated from its samples");
  }

  @Test
  void bondDistilsTheReferencesBestOfNWithItsQuantileRewards() {
    TribunalConfig c = config(Path.of(config.models().checkpoint()), "bond.variant=bond", "bond.rounds=1");
    MetaRewardingStages evaluation = new MetaRewardingStages(c.metaRewarding(), c.resolvedRoles(), c.world());
    StageRunner r = runner("bond");
    WorkerSpec trained = new BondDriver(r, build(c), evaluation, c.bond(), c.world(), c.resolvedRoles().actor()).run(tiny);
    var manifest = r.runDirectory().readManifest();
    assertTrue(manifest.find("reference-logprobs", 0).isPresent(), "BOND scores the policy's samples under pi_ref");
    assertTrue(manifest.find("anchor-update", 0).isEmpty(), "BOND has no anchor");
    CheckpointRow row = CheckpointRow.fromRow(r.read(new TableRef(0, CheckpointRow.TABLE)).first());
    assertEquals(trained.modelVersion(), row.version());
    assertEquals("tiny-0", row.referenceVersion(), "the guide is the fixed reference");
    assertEquals(row.metrics().get("steps"), (double) row.steps().size(), "every optimizer step is kept for the report");
    assertTrue(row.steps().stream().allMatch(s -> s.containsKey("step")), row.steps().toString());
    assertEquals(6, manifest.find("train", 0).orElseThrow().counters().get("trained_prompts"));
  }
}
