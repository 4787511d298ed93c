package dev.tribunal.jobs.rlaif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.config.SamplingConfig;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.io.InputFiles;
import dev.tribunal.jobs.io.PairImportStage;
import dev.tribunal.jobs.io.TextFiles;
import dev.tribunal.jobs.io.TrlExport;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.schemas.RewardRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label stage over an imported corpus with a scripted labeler (see {@link FakeLabeler}): labels
 * from both orders, missing labels by reason, the labeler's figures against the human labels, and
 * the TRL export read back by the import.
 */
class LabelSparkTest extends SparkTestBase {
  private static final TableRef CORPUS = new TableRef(0, CorpusPairRow.TABLE);
  private static final int CONTEXT = 400;
  @TempDir static Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2]");
  }

  /** g1, g6 agree with the human label, g2 does not, g3's human label is even, g4 and g5 get none. */
  private static Path corpus() throws Exception {
    Path file = dir.resolve("pairs.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"id\":\"g1\",\"prompt\":\"q1\",\"chosen\":\"GOOD answer\",\"rejected\":\"bad\"}",
        "{\"id\":\"g2\",\"prompt\":\"q2\",\"chosen\":\"meh\",\"rejected\":\"GOOD\"}",
        "{\"id\":\"g3\",\"prompt\":\"q3\",\"chosen\":\"GOOD x\",\"rejected\":\"y\",\"soft_label\":0.5}",
        "{\"id\":\"g4\",\"prompt\":\"NOLABEL\",\"chosen\":\"GOOD\",\"rejected\":\"z\"}",
        "{\"id\":\"g5\",\"prompt\":\"" + "long ".repeat(100) + "\",\"chosen\":\"GOOD\",\"rejected\":\"n\"}",
        "{\"id\":\"g6\",\"prompt\":\"q6\",\"chosen\":\"GOOD\",\"rejected\":\"no\"}") + "\n");
    return file;
  }

  private static RunDirectory run(String id) {
    return new RunDirectory(dir.resolve("runs").toString(), id, spark.sparkContext().hadoopConfiguration());
  }

  private static StageRunner imported(String id, Path file) {
    StageRunner runner = new StageRunner(spark, run(id), Set.of());
    List<String> paths = List.of(file.toUri().toString());
    runner.execute(new PairImportStage(paths, null, 16000, InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration())), 0);
    return runner;
  }

  private static Labeler labeler(boolean bothOrders, boolean chainOfThought) {
    return new Labeler(new LabelingPrompt("Pick.", List.of(), "Preferred Response=", "Rationale:", List.of("1", "2")),
        bothOrders, chainOfThought, 1, new SamplingConfig(0, 1, 0, 16, List.of()), RlaifConfig.PromptForm.TEXT);
  }

  private static Map<String, AiLabelRow> label(StageRunner runner, double firstBias, Labeler labeler) {
    StageRecord r = runner.execute(new LabelStage(CORPUS, new ModelUse(FakeLabeler.spec(firstBias, CONTEXT), 2, 2), labeler), 0);
    return runner.read(r.output()).collectAsList().stream().map(AiLabelRow::fromRow)
        .collect(Collectors.toMap(AiLabelRow::pairId, Function.identity()));
  }

  private static Map<String, Metric> figures(StageRunner runner) {
    return figures(runner, LabelEvalStage.PAIRWISE, new TableRef(0, AiLabelRow.TABLE));
  }

  private static Map<String, Metric> figures(StageRunner runner, String kind, TableRef table) {
    StageRecord r = runner.execute(new LabelEvalStage(table, CORPUS, "labeler-v1", kind), 0);
    return runner.read(r.output()).collectAsList().stream().map(Metric::fromRow)
        .collect(Collectors.toMap(Metric::metric, Function.identity()));
  }

  @Test
  void labelsComeFromBothOrdersAndMissingOnesSayWhy() throws Exception {
    StageRunner runner = imported("both", corpus());
    Map<String, AiLabelRow> labels = label(runner, 0, labeler(true, false));
    assertEquals(6, labels.size());
    assertEquals(0.8, labels.get("g1").label(), 1e-9);
    assertEquals(0.8, labels.get("g1").pReverse(), 1e-9);
    assertEquals(0.2, labels.get("g2").label(), 1e-9);
    assertFalse(labels.get("g1").positionBias());
    assertEquals(LabelMissing.LABEL_TOKEN_MISSING, labels.get("g4").missing());
    assertEquals(LabelMissing.CONTEXT_OVERFLOW, labels.get("g5").missing());
    assertNull(labels.get("g5").label());
    var counts = run("both").readManifest().find(LabelStage.NAME, 0).orElseThrow().counters();
    assertEquals(1L, counts.get("missing_reason.context_overflow"), counts.toString());
  }

  @Test
  void theFiguresCompareArgmaxesWithTheHumanLabels() throws Exception {
    StageRunner runner = imported("figures", corpus());
    label(runner, 0, labeler(true, false));
    Map<String, Metric> f = figures(runner);
    assertEquals(6, f.get("pairs").value());
    assertEquals(4.0 / 6, f.get("coverage").value(), 1e-9);
    assertEquals(1.0 / 6, f.get("missing.label_token_missing").value(), 1e-9);
    assertEquals(1.0 / 6, f.get("missing.context_overflow").value(), 1e-9);
    // g1 and g6 agree, g2 disagrees; g3 (human 0.5) is not comparable.
    assertEquals(2.0 / 3, f.get("alignment").value(), 1e-9);
    assertEquals(3, f.get("alignment").count());
    assertTrue(f.get("alignment_low").value() < 2.0 / 3 && f.get("alignment_high").value() > 2.0 / 3);
    assertEquals(0.0, f.get("position_bias_rate").value(), 1e-9);
  }

  @Test
  void aLabelerPulledToPositionOneShowsPositionBias() throws Exception {
    StageRunner runner = imported("bias", corpus());
    Map<String, AiLabelRow> labels = label(runner, 0.45, labeler(true, false));
    // g1 forward: 0.8 + 0.45 -> 0.99; reverse: a second, P(1) = 0.2 + 0.45 = 0.65, so P(a) = 0.35.
    assertTrue(labels.get("g1").positionBias());
    assertEquals((0.99 + 0.35) / 2, labels.get("g1").label(), 1e-9);
    assertEquals(1.0, figures(runner).get("position_bias_rate").value(), 1e-9);
  }

  @Test
  void chainOfThoughtKeepsOneRationalePerOrder() throws Exception {
    StageRunner runner = imported("cot", corpus());
    Map<String, AiLabelRow> labels = label(runner, 0, labeler(true, true));
    assertEquals(List.of("Response 1 is better.", "Response 2 is better."), labels.get("g1").rationales());
    assertEquals(0.8, labels.get("g1").label(), 1e-9);
    assertEquals(LabelMissing.CONTEXT_OVERFLOW, labels.get("g5").missing());
  }

  @Test
  void directRatingsBecomeRewardsAndPreferencesBetweenThem() throws Exception {
    StageRunner runner = imported("direct", corpus());
    DirectScore rating = DirectScore.of("Rate.\n{context}\n" + FakeLabeler.RATED + "{response}\nRating=", 1, 10,
        RlaifConfig.PromptForm.TEXT);
    StageRecord r = runner.execute(new PairRewardStage(CORPUS, new ModelUse(FakeLabeler.spec(0, CONTEXT), 2, 2), rating), 0);
    Map<String, RewardRow> rewards = runner.read(r.output()).collectAsList().stream().map(RewardRow::fromRow)
        .collect(Collectors.toMap(RewardRow::responseId, Function.identity()));
    assertEquals(12, rewards.size());
    // g1/a is GOOD: s = 0.75 * 9 + 0.25 * 8 = 8.75, r = (8.75 - 5.5) / 4.5; g1/b gets 2.
    assertEquals(8.75, rewards.get("g1/a").score(), 1e-9);
    assertEquals((8.75 - 5.5) / 4.5, rewards.get("g1/a").reward(), 1e-9);
    assertEquals((2 - 5.5) / 4.5, rewards.get("g1/b").reward(), 1e-9);
    assertEquals(LabelMissing.LABEL_TOKEN_MISSING, rewards.get("g4/a").missing());
    assertEquals(LabelMissing.CONTEXT_OVERFLOW, rewards.get("g5/b").missing());
    Map<String, Metric> f = figures(runner, DirectScore.KIND, r.output());
    assertEquals(2.0 / 3, f.get("alignment").value(), 1e-9);
    assertEquals(4.0 / 6, f.get("coverage").value(), 1e-9);
    assertEquals(DirectScore.KIND, f.get("alignment").section());
  }

  @Test
  void theHumanLabelIsNotAmongTheColumnsTheLabelerReads() throws Exception {
    StageRunner runner = imported("blind", corpus());
    LabelStage stage = new LabelStage(CORPUS, new ModelUse(FakeLabeler.spec(0, CONTEXT), 2, 2), labeler(false, false));
    String[] columns = stage.input(new StageContext(spark, run("blind"), 0)).columns();
    assertEquals(List.of("pair_id", "messages", "response_a", "response_b"), Arrays.asList(columns));
  }

  @Test
  void theTrlExportReadsBackWithItsSoftLabels() throws Exception {
    StageRunner runner = imported("export", corpus());
    label(runner, 0, labeler(true, false));
    Path out = dir.resolve("ai-labels.jsonl");
    long n = TextFiles.write(TrlExport.aiLabels(runner.read(CORPUS), runner.read(new TableRef(0, AiLabelRow.TABLE))),
        run("export").fs(), out.toString());
    assertEquals(4, n, "g4 and g5 have no label");
    StageRunner back = imported("reimport", out);
    Map<String, CorpusPairRow> pairs = back.read(CORPUS).collectAsList().stream().map(CorpusPairRow::fromRow)
        .collect(Collectors.toMap(CorpusPairRow::pairId, Function.identity()));
    // g2: the labeler preferred b (P(a) = 0.2), so b is exported as chosen with soft label 0.8.
    assertEquals("GOOD", pairs.get("g2").responseA());
    assertEquals(0.8, pairs.get("g2").label(), 1e-9);
    assertEquals("GOOD answer", pairs.get("g1").responseA());
    assertEquals("q1", pairs.get("g1").messages().get(0).content());
  }
}
