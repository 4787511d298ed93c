package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import dev.tribunal.jobs.metarewarding.MetaRewardingStages;
import dev.tribunal.jobs.stages.worker.ModelCallException;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.schemas.SampleRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in model stages on local[2,4], where a failed task is retried: a call failing once halfway
 * through a partition, a model that always fails, a crash after judging and a resume. Runs compared
 * here share the run id, so their rows share ids and seeds.
 */
class ModelStageFaultSparkTest extends SparkTestBase {
  static final TribunalConfig CONFIG = Loop.config("meta_rewarding.prompts=imported", "meta_rewarding.batch_prompts=1",
      "meta_rewarding.partitions=2");
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2,4]");
  }

  @Test
  void aCallFailingOnceHalfwayThroughAPartitionLeavesTheRowsOfACleanRun() throws Exception {
    Loop clean = new Loop(spark, dir.resolve("clean")).importPrompts(dir);
    WorkerSpec model = FakeWorkerFactory.spec("retry-clean", "M0", Map.of());
    TableRef samples = clean.stages.run(stages().sample(prompts(), model), 0).output();
    TableRef judgments = clean.stages.run(stages().judge(prompts(), samples, model), 0).output();

    Loop faulty = new Loop(spark, dir.resolve("faulty")).importPrompts(dir);
    Path actorFault = dir.resolve("actor-failed");
    Path judgeFault = dir.resolve("judge-failed");
    faulty.stages.run(stages().sample(prompts(), failingOnce("actor", actorFault)), 0);
    faulty.stages.run(stages().judge(prompts(), samples, failingOnce("judge", judgeFault)), 0);

    assertTrue(Files.exists(actorFault) && Files.exists(judgeFault), "both faults were injected");
    List<SampleRow> expectedSamples = clean.rows(samples, SampleRow::fromRow, Comparator.comparing(SampleRow::sampleId));
    assertEquals(expectedSamples, faulty.rows(samples, SampleRow::fromRow, Comparator.comparing(SampleRow::sampleId)));
    List<JudgmentRow> expectedJudgments = clean.rows(judgments, JudgmentRow::fromRow, Comparator.comparing(JudgmentRow::judgmentId));
    assertEquals(expectedJudgments, faulty.rows(judgments, JudgmentRow::fromRow, Comparator.comparing(JudgmentRow::judgmentId)));
    assertEquals(expectedJudgments.size(), expectedJudgments.stream().map(JudgmentRow::judgmentId).distinct().count());
  }

  @Test
  void aRecomputedJudgeTaskJudgesTheCommittedResponsesOfANonDeterministicActor() throws Exception {
    Loop loop = new Loop(spark, dir.resolve("nondeterministic")).importPrompts(dir);
    WorkerSpec sampler = FakeWorkerFactory.spec("nondeterministic", "M0", Map.of("nondeterministic", "true"));
    TableRef samples = loop.stages.run(stages().sample(prompts(), sampler), 0).output();
    Path judgeFault = dir.resolve("judge-failed-nondeterministic");
    TableRef judgments = loop.stages.run(stages().judge(prompts(), samples,
        FakeWorkerFactory.spec("nondeterministic", "M0", Map.of("nondeterministic", "true", "fail_role", "judge",
            "fail_once_at_call", "2", "fail_marker", judgeFault.toString()))), 0).output();

    assertTrue(Files.exists(judgeFault), "a judge task failed and was recomputed");
    Map<String, SampleRow> committed = loop.rows(samples, SampleRow::fromRow, Comparator.comparing(SampleRow::sampleId))
        .stream().collect(java.util.stream.Collectors.toMap(SampleRow::sampleId, s -> s));
    List<JudgmentRow> judged = loop.rows(judgments, JudgmentRow::fromRow, Comparator.comparing(JudgmentRow::judgmentId));
    assertFalse(judged.isEmpty());
    for (JudgmentRow j : judged) {
      SampleRow s = committed.get(j.sampleId());
      assertTrue(s != null, "judgment " + j.judgmentId() + " refers to an existing response");
      String draw = s.response().substring(s.response().lastIndexOf(" #"));
      assertTrue(j.rawText().contains(draw), "the judge saw the committed response " + draw + ": " + j.rawText());
    }
  }

  @Test
  void aModelThatAlwaysFailsFailsTheStageNamingStageAndBackendAndCommitsNothing() throws Exception {
    Loop loop = new Loop(spark, dir.resolve("broken")).importPrompts(dir);
    List<Object> promptsBefore = loop.stages.read(prompts()).collectAsList().stream().map(r -> (Object) r).toList();
    WorkerSpec broken = FakeWorkerFactory.spec("broken", "M0", Map.of("fail_role", "actor", "fail_always", "true"));
    ModelCallException e = assertThrows(ModelCallException.class,
        () -> loop.stages.run(stages().sample(prompts(), broken), 0));
    assertEquals("sample", e.stage());
    assertEquals("fake", e.backend());
    assertTrue(e.getMessage().contains("stage 'sample'") && e.getMessage().contains("backend 'fake'")
        && e.getMessage().contains("injected model failure"), e.getMessage());
    assertFalse(loop.run.fs().exists(loop.run.table(new TableRef(0, SampleRow.TABLE))), "no samples table committed");
    StageRecord record = loop.run.readManifest().find("sample", 0).orElseThrow();
    assertEquals(StageRecord.Status.FAILED, record.status());
    assertEquals(promptsBefore, loop.stages.read(prompts()).collectAsList().stream().map(r -> (Object) r).toList(),
        "the previous stage's output is untouched");
    assertEquals(StageRecord.Status.COMPLETED, loop.run.readManifest().find("import", 0).orElseThrow().status());
  }

  @Test
  void aCrashAfterJudgingThenResumingMakesNoNewActorOrJudgeCallsAndTheSamePairs() throws Exception {
    WorkerSpec model = FakeWorkerFactory.spec("straight", "M0", Map.of());
    Loop straight = new Loop(spark, dir.resolve("straight")).importPrompts(dir);
    IterationDriver.Preferences expected = straight.driver(CONFIG, new FakeTrainer()).preferences(0, model, model);

    Loop crashed = new Loop(spark, dir.resolve("crashed")).importPrompts(dir);
    WorkerSpec dying = FakeWorkerFactory.spec("crash", "M0", Map.of("fail_role", "meta_judge", "fail_always", "true"));
    assertThrows(ModelCallException.class, () -> crashed.driver(CONFIG, new FakeTrainer()).preferences(0, dying, dying));
    assertTrue(FakeWorkerFactory.count("crash", "judge") > 0, "the crashed run had judged");

    WorkerSpec resumed = FakeWorkerFactory.spec("resume", "M0", Map.of());
    Loop again = new Loop(spark, dir.resolve("crashed"));
    IterationDriver.Preferences actual = again.driver(CONFIG, new FakeTrainer()).preferences(0, resumed, resumed);
    assertEquals(0, FakeWorkerFactory.count("resume", "actor"), "no response sampled again");
    assertEquals(0, FakeWorkerFactory.count("resume", "judge"), "no response judged again");
    assertTrue(FakeWorkerFactory.count("resume", "meta_judge") > 0, "meta-judging ran on resume");
    assertTrue(again.console().contains("(done before, skipped)"));
    Comparator<PreferencePairRow> byId = Comparator.comparing(PreferencePairRow::pairId);
    List<PreferencePairRow> pairs = straight.rows(expected.withReference(), PreferencePairRow::fromRow, byId);
    assertFalse(pairs.isEmpty());
    assertEquals(pairs, again.rows(actual.withReference(), PreferencePairRow::fromRow, byId));

    long calls = FakeWorkerFactory.count("resume", "generate_calls");
    again.driver(CONFIG, new FakeTrainer()).preferences(0, resumed, resumed);
    assertEquals(calls, FakeWorkerFactory.count("resume", "generate_calls"), "a completed iteration makes no call");
  }

  private static MetaRewardingStages stages() {
    return new MetaRewardingStages(CONFIG.metaRewarding(), CONFIG.resolvedRoles(), CONFIG.world());
  }

  private static TableRef prompts() {
    return new TableRef(0, "prompts");
  }

  private WorkerSpec failingOnce(String role, Path marker) {
    return FakeWorkerFactory.spec("retry-" + role, "M0",
        Map.of("fail_role", role, "fail_once_at_call", "2", "fail_marker", marker.toString()));
  }
}
