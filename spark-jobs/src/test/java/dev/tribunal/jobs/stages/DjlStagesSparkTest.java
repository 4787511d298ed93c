package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.metarewarding.MetaRewardingStages;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.schemas.SampleRow;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model stages over the in-JVM runtime: a tiny random Llama checkpoint, loaded on the executors through DjlWorkerFactory. */
class DjlStagesSparkTest extends SparkTestBase {
  @TempDir static Path dir;
  static WorkerSpec model;
  static TribunalConfig config;

  @BeforeAll
  static void tinyModel() throws Exception {
    start("local[2]");
    Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), 7);
    config = Loop.config("meta_rewarding.prompts=imported", "meta_rewarding.k=2", "meta_rewarding.n=2",
        "meta_rewarding.partitions=2", "meta_rewarding.actor.max_new_tokens=6", "meta_rewarding.judge.max_new_tokens=6",
        "models.checkpoint=" + checkpoint, "models.seed_version=tiny-0");
    model = WorkerSpecs.seed(config.models());
  }

  @Test
  void sampledResponsesAreRealCompletionsAndTheSameOnASecondRun() throws Exception {
    MetaRewardingStages stages = new MetaRewardingStages(config.metaRewarding(), config.resolvedRoles(), config.world());
    TableRef prompts = new TableRef(0, "prompts");
    Loop first = new Loop(spark, dir.resolve("first")).importPrompts(dir);
    TableRef samples = first.stages.run(stages.sample(prompts, model), 0).output();
    TableRef judgments = first.stages.run(stages.judge(prompts, samples, model), 0).output();
    Loop second = new Loop(spark, dir.resolve("second")).importPrompts(dir);
    second.stages.run(stages.sample(prompts, model), 0);

    Comparator<SampleRow> byId = Comparator.comparing(SampleRow::sampleId);
    List<SampleRow> rows = first.rows(samples, SampleRow::fromRow, byId);
    assertEquals(12 * 2, rows.size());
    for (SampleRow s : rows) {
      assertEquals("tiny-0", s.modelVersion());
      assertTrue(s.tokenCount() >= 1 && s.tokenCount() <= 6, s.toString());
      assertTrue(s.finishReason().equals("stop") || s.finishReason().equals("length"), s.finishReason());
      if (s.finishReason().equals("length")) assertEquals(6, s.tokenCount());
    }
    assertEquals(rows, second.rows(samples, SampleRow::fromRow, byId), "per-row seeds make sampling repeatable");
    long candidates = rows.stream().filter(SampleRow::isCandidate).count();
    assertEquals(2 * candidates, first.stages.read(judgments).count());
  }

  @Test
  void referenceLogprobsComeFromTheModel() throws Exception {
    Loop loop = new Loop(spark, dir.resolve("ref"));
    loop.stages.run(new HandMadePairs(), 0);
    MetaRewardingStages stages = new MetaRewardingStages(config.metaRewarding(), config.resolvedRoles(), config.world());
    TableRef scored = loop.stages.run(stages.refLogprobs(new TableRef(0, PreferencePairRow.TABLE), model), 0).output();
    List<PreferencePairRow> pairs = loop.rows(scored, PreferencePairRow::fromRow, Comparator.comparing(PreferencePairRow::pairId));
    assertEquals(2, pairs.size());
    for (PreferencePairRow p : pairs) {
      assertEquals("tiny-0", p.refModelVersion());
      assertTrue(p.refChosenLogp() < 0 && Double.isFinite(p.refChosenLogp()), p.toString());
      assertTrue(p.refRejectedLogp() < p.refChosenLogp(), "a longer continuation of random text is less likely: " + p);
    }
  }

  /** Two pairs whose rejected text extends the chosen one, so its summed log-prob must be lower. */
  static final class HandMadePairs implements Stage {
    @Override public String name() { return "pairs"; }
    @Override public String table() { return PreferencePairRow.TABLE; }
    @Override public List<TableRef> inputs() { return List.of(); }
    @Override public com.fasterxml.jackson.databind.JsonNode config() { return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(); }

    @Override
    public StageOutput run(StageContext c) {
      List<Row> rows = List.of(
          new PreferencePairRow("p1", "q1", 0, PairKind.ACTOR, "What is 2 + 2?", null, "4", "4 4 4 4 4 4", "a", "b",
              5.0, 1.0, 1, 11, LengthUnit.CHARS, null, null, null).toRow(),
          new PreferencePairRow("p2", "q2", 0, PairKind.JUDGE, null, List.of(new Message("user", "Rate it.")),
              "Score: 3", "Score: 3 because it is fine and short", "j1", "j2", 1010.0, 990.0, 8, 37, LengthUnit.CHARS,
              null, null, null).toRow());
      return StageOutput.of(c.spark().createDataFrame(rows, PreferencePairRow.SCHEMA));
    }
  }
}
