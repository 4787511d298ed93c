package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.ExclusionReason;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.ParseStatus;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.schemas.SampleRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompts, and composed judge prompts, longer than the model's context are rows with a status,
 * counted in the manifest; the rest of the iteration is untouched. The fake model's context is the
 * full judge template plus 250 characters: a 1,500-character question does not fit the actor, and
 * the judge prompt of a 600-character answer does not fit the judge.
 */
class ContextOverflowSparkTest extends SparkTestBase {
  private static final int CONTEXT = JudgeRole.full().render("", "").length() + 250;

  @TempDir static Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2]");
  }

  private static List<String> prompts() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) lines.add("{\"id\":\"q" + i + "\",\"prompt\":\"Question number " + i + "?\"}");
    lines.add("{\"id\":\"huge\",\"prompt\":\"" + "Explain this. ".repeat(110) + "\"}");
    lines.add("{\"id\":\"verbose\",\"prompt\":\"VERBOSE: tell me everything.\"}");
    return lines;
  }

  private static Outcome iterate(String policy) throws Exception {
    TribunalConfig config = Loop.config("meta_rewarding.prompts=imported", "roles.context_overflow=" + policy);
    Loop loop = new Loop(spark, dir.resolve(policy)).importPrompts(dir, prompts());
    WorkerSpec seed = FakeWorkerFactory.spec("overflow-" + policy, "M0", Map.of("context_chars", Integer.toString(CONTEXT)));
    IterationDriver.Preferences p = loop.driver(config, new FakeTrainer()).preferences(0, seed, seed);
    return new Outcome(loop.rows(p.samples(), SampleRow::fromRow, Comparator.comparing(SampleRow::sampleId)),
        loop.rows(p.judgments(), JudgmentRow::fromRow, Comparator.comparing(JudgmentRow::judgmentId)),
        loop.rows(p.pairs(), PreferencePairRow::fromRow, Comparator.comparing(PreferencePairRow::pairId)),
        loop.run.readManifest().stages());
  }

  private record Outcome(List<SampleRow> samples, List<JudgmentRow> judgments, List<PreferencePairRow> pairs,
      List<StageRecord> stages) {
    long counter(String stage, String key) {
      return stages.stream().filter(s -> s.stage().equals(stage)).findFirst().orElseThrow()
          .counters().getOrDefault(key, 0L);
    }

    Set<String> samplesOf(String promptId) {
      return samples.stream().filter(s -> s.promptId().equals(promptId)).map(SampleRow::sampleId).collect(Collectors.toSet());
    }
  }

  @Test
  void underExcludeTheRowsThatDoNotFitCarryTheirStatusAndAreCounted() throws Exception {
    Outcome o = iterate("exclude");
    List<SampleRow> huge = o.samples().stream().filter(s -> s.promptId().equals("huge")).toList();
    assertEquals(4, huge.size(), "the prompt keeps its K rows");
    for (SampleRow s : huge) {
      assertEquals(ExclusionReason.CONTEXT_OVERFLOW, s.excludedReason());
      assertEquals("context_overflow", s.finishReason());
      assertEquals("", s.response());
    }
    assertEquals(4, o.counter("sample", "excluded_reason.context_overflow"));

    Set<String> verbose = o.samplesOf("verbose");
    List<JudgmentRow> ofVerbose = o.judgments().stream().filter(j -> verbose.contains(j.sampleId())).toList();
    assertFalse(ofVerbose.isEmpty(), "the long answers were sent to the judge");
    assertTrue(ofVerbose.stream().allMatch(j -> j.parseStatus() == ParseStatus.CONTEXT_OVERFLOW && j.score() == null));
    assertEquals(ofVerbose.size(), o.counter("judge", "parse_status.context_overflow"));
    assertTrue(o.judgments().stream().filter(j -> !verbose.contains(j.sampleId()))
        .noneMatch(j -> j.parseStatus() == ParseStatus.CONTEXT_OVERFLOW), "every other judge prompt fits");
    assertTrue(o.pairs().stream().noneMatch(p -> p.promptId().equals("huge") || p.promptId().equals("verbose")));
    assertFalse(o.pairs().isEmpty(), "the prompts that fit still give pairs");
  }

  @Test
  void underTruncateTheJudgeSeesTheAnswerCutInTheMiddleWithAMarker() throws Exception {
    Outcome o = iterate("truncate");
    Set<String> verbose = o.samplesOf("verbose");
    List<JudgmentRow> ofVerbose = o.judgments().stream().filter(j -> verbose.contains(j.sampleId())).toList();
    assertFalse(ofVerbose.isEmpty());
    for (JudgmentRow j : ofVerbose) {
      assertTrue(j.parseStatus() != ParseStatus.CONTEXT_OVERFLOW, j.toString());
      assertTrue(j.rawText().contains("characters cut to fit the context"), "the judge saw the marker: " + j.rawText());
    }
    assertEquals(0, o.counter("judge", "parse_status.context_overflow"));
    assertEquals(4, o.counter("sample", "excluded_reason.context_overflow"), "an actor prompt is never cut");
  }
}
