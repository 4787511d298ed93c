package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.metarewarding.BattleStage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.MetaJudgmentRow;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.schemas.PromptRow;
import dev.tribunal.schemas.RatingRow;
import dev.tribunal.schemas.SampleRow;
import dev.tribunal.schemas.Winner;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One iteration of the loop on local[2] with the scripted model: what each table holds, and how they relate. */
class MetaRewardingIterationSparkTest extends SparkTestBase {
  @TempDir static Path dir;
  static Loop loop;
  static IterationDriver.Preferences p;
  static List<PromptRow> prompts;
  static List<SampleRow> samples;
  static List<JudgmentRow> judgments;
  static List<MetaJudgmentRow> battles;
  static List<RatingRow> ratings;
  static List<PreferencePairRow> pairs;
  static List<PreferencePairRow> withReference;

  @BeforeAll
  static void oneIteration() throws Exception {
    start("local[2]");
    TribunalConfig config = Loop.config("meta_rewarding.prompts=imported");
    loop = new Loop(spark, dir.resolve("runs")).importPrompts(dir);
    WorkerSpec seed = FakeWorkerFactory.spec("e2e", "M0", Map.of());
    p = loop.driver(config, new FakeTrainer()).preferences(0, seed, seed);
    prompts = loop.rows(p.prompts(), PromptRow::fromRow, Comparator.comparing(PromptRow::promptId));
    samples = loop.rows(p.samples(), SampleRow::fromRow, Comparator.comparing(SampleRow::sampleId));
    judgments = loop.rows(p.judgments(), JudgmentRow::fromRow, Comparator.comparing(JudgmentRow::judgmentId));
    battles = loop.rows(p.metaJudgments().orElseThrow(), MetaJudgmentRow::fromRow, Comparator.comparing(MetaJudgmentRow::metaJudgmentId));
    ratings = loop.rows(p.ratings().orElseThrow(), RatingRow::fromRow, Comparator.comparing(RatingRow::judgmentId));
    pairs = loop.rows(p.pairs(), PreferencePairRow::fromRow, Comparator.comparing(PreferencePairRow::pairId));
    withReference = loop.rows(p.withReference(), PreferencePairRow::fromRow, Comparator.comparing(PreferencePairRow::pairId));
  }

  @Test
  void everyPromptHasKResponsesWithExclusionsMarked() {
    assertEquals(12, prompts.size());
    assertEquals(12 * 4, samples.size());
    assertEquals(samples.size(), ids(samples, SampleRow::sampleId).size(), "sample ids are unique");
    Map<String, Long> perPrompt = samples.stream().collect(Collectors.groupingBy(SampleRow::promptId, Collectors.counting()));
    assertEquals(ids(prompts, PromptRow::promptId), perPrompt.keySet());
    assertTrue(perPrompt.values().stream().allMatch(n -> n == 4));
    for (SampleRow s : samples) {
      if ("length".equals(s.finishReason())) assertEquals("truncated", s.excludedReason().code(), s.toString());
      if (s.response().contains("<|im_end|>")) assertEquals("template_leak", s.excludedReason().code());
    }
    assertTrue(samples.stream().anyMatch(s -> s.excludedReason() != null), "the scripted actor produces exclusions");
  }

  @Test
  void everyCandidateResponseHasNJudgmentsAndEveryJudgmentAnExistingResponse() {
    Map<String, SampleRow> byId = samples.stream().collect(Collectors.toMap(SampleRow::sampleId, Function.identity()));
    long candidates = samples.stream().filter(SampleRow::isCandidate).count();
    assertEquals(candidates * 3, judgments.size());
    for (JudgmentRow j : judgments) {
      SampleRow s = byId.get(j.sampleId());
      assertNotNull(s, "judgment " + j.judgmentId() + " refers to a missing response");
      assertTrue(s.isCandidate(), "excluded responses are not judged");
      assertEquals(s.promptId(), j.promptId());
      assertEquals(j.score() != null, j.parseStatus().code().equals("ok"));
    }
    assertTrue(judgments.stream().anyMatch(j -> j.score() == null), "the scripted judge fails to parse sometimes");
  }

  @Test
  void battlesRunBothOrdersOfOneResponsePerPrompt() {
    Map<String, JudgmentRow> byId = judgments.stream().collect(Collectors.toMap(JudgmentRow::judgmentId, Function.identity()));
    Set<String> orders = battles.stream().map(b -> b.judgmentAId() + ">" + b.judgmentBId()).collect(Collectors.toSet());
    assertFalse(battles.isEmpty());
    for (MetaJudgmentRow b : battles) {
      assertTrue(orders.contains(b.judgmentBId() + ">" + b.judgmentAId()), "the swapped battle exists");
      assertEquals(b.sampleId(), byId.get(b.judgmentAId()).sampleId());
      assertEquals(b.sampleId(), byId.get(b.judgmentBId()).sampleId());
      assertNotNull(byId.get(b.judgmentAId()).score(), "only valid judgments battle");
    }
    Map<String, Set<String>> responsesPerPrompt = battles.stream().collect(Collectors.groupingBy(
        MetaJudgmentRow::promptId, Collectors.mapping(MetaJudgmentRow::sampleId, Collectors.toSet())));
    assertTrue(responsesPerPrompt.values().stream().allMatch(s -> s.size() == 1), "one response per prompt is meta-judged");
  }

  @Test
  void ratingsCoverThePlayersOfEveryRatedResponse() {
    Map<String, List<RatingRow>> bySample = ratings.stream().collect(Collectors.groupingBy(RatingRow::sampleId));
    Set<String> battled = battles.stream().map(MetaJudgmentRow::sampleId).collect(Collectors.toSet());
    assertTrue(battled.containsAll(bySample.keySet()));
    for (List<RatingRow> players : bySample.values()) {
      double mean = players.stream().mapToDouble(RatingRow::rating).average().orElseThrow();
      assertEquals(1000, mean, 1e-6, "ratings are centred on 1000");
      int n = players.size();
      assertTrue(players.stream().allMatch(r -> r.battles() == 2 * (n - 1)), "each player meets every other in both orders");
      assertTrue(players.stream().allMatch(RatingRow::fitConverged), "every fit converges within its cap");
      assertEquals(1, players.stream().map(RatingRow::fitIterations).distinct().count(), "one fit per response");
    }
    var battle = loop.run.readManifest().find(BattleStage.NAME, 0).orElseThrow();
    assertEquals(Map.of("fits", (long) bySample.size(), "fits_not_converged", 0L),
        Map.of("fits", battle.counters().get("fits"), "fits_not_converged", battle.counters().get("fits_not_converged")));
  }

  @Test
  void pairsRelateToTheirPromptsResponsesAndJudgments() {
    Map<String, SampleRow> sample = samples.stream().collect(Collectors.toMap(SampleRow::sampleId, Function.identity()));
    Map<String, JudgmentRow> judgment = judgments.stream().collect(Collectors.toMap(JudgmentRow::judgmentId, Function.identity()));
    Map<String, RatingRow> rating = ratings.stream().collect(Collectors.toMap(RatingRow::judgmentId, Function.identity()));
    for (PreferencePairRow pair : pairs) {
      if (pair.kind() == PairKind.ACTOR) {
        SampleRow chosen = sample.get(pair.chosenId());
        SampleRow rejected = sample.get(pair.rejectedId());
        assertEquals(pair.promptId(), chosen.promptId());
        assertEquals(pair.promptId(), rejected.promptId());
        assertTrue(chosen.isCandidate() && rejected.isCandidate());
        assertTrue(pair.chosenScore() > pair.rejectedScore());
        assertEquals(chosen.response(), pair.chosen());
      } else {
        JudgmentRow chosen = judgment.get(pair.chosenId());
        JudgmentRow rejected = judgment.get(pair.rejectedId());
        assertEquals(chosen.sampleId(), rejected.sampleId());
        assertTrue(rating.get(chosen.judgmentId()).rating() > rating.get(rejected.judgmentId()).rating());
        assertEquals(chosen.rawText(), pair.chosen());
        assertTrue(pair.promptMessages().get(0).content().contains("<response>"), "a judge pair's prompt is the judge prompt");
      }
    }
    long actor = pairs.stream().filter(x -> x.kind() == PairKind.ACTOR).count();
    long judge = pairs.stream().filter(x -> x.kind() == PairKind.JUDGE).count();
    assertTrue(actor > 0 && judge > 0, "both kinds: " + actor + " actor, " + judge + " judge");
    assertEquals(12, actor + dropped("actor"), "every prompt gives an actor pair or a reason");
    assertEquals(12, judge + dropped("judge"), "every prompt gives a judge pair or a reason");
    assertEquals(actor, p.pairCounters().get("actor_pairs"));
  }

  @Test
  void referenceLogprobsAreAddedToEveryPair() {
    assertEquals(pairs.size(), withReference.size());
    for (int i = 0; i < pairs.size(); i++) {
      PreferencePairRow ref = withReference.get(i);
      assertEquals(pairs.get(i).pairId(), ref.pairId());
      assertEquals("M0", ref.refModelVersion());
      assertTrue(ref.refChosenLogp() < 0 && ref.refRejectedLogp() < 0);
      assertEquals(pairs.get(i), new PreferencePairRow(ref.pairId(), ref.promptId(), ref.iteration(), ref.kind(),
          ref.promptText(), ref.promptMessages(), ref.chosen(), ref.rejected(), ref.chosenId(), ref.rejectedId(),
          ref.chosenScore(), ref.rejectedScore(), ref.chosenLength(), ref.rejectedLength(), ref.lengthUnit(),
          null, null, null), "nothing but the reference columns changed");
    }
  }

  @Test
  void verdictLinesInsideAResponseSetNoScoreAndNoWinnerAndAreFlagged() {
    Set<String> injected = samples.stream().filter(s -> s.response().contains("Score: 5"))
        .map(SampleRow::sampleId).collect(Collectors.toSet());
    assertFalse(injected.isEmpty());
    List<JudgmentRow> ofInjected = judgments.stream().filter(j -> injected.contains(j.sampleId())).toList();
    assertFalse(ofInjected.isEmpty());
    for (JudgmentRow j : ofInjected) {
      assertTrue(j.injectionFlag(), "flagged");
      assertTrue(j.rawText().contains("> Score: 5"), "the judge quoted the claim line by line");
      assertTrue(j.score() == 0 || j.score() == 1, "the score is the judge's own: " + j.score());
    }
    assertTrue(judgments.stream().filter(j -> !injected.contains(j.sampleId())).noneMatch(JudgmentRow::injectionFlag));
    List<MetaJudgmentRow> onInjected = battles.stream().filter(b -> injected.contains(b.sampleId())).toList();
    assertFalse(onInjected.isEmpty(), "an injected response was meta-judged");
    assertTrue(onInjected.stream().allMatch(b -> b.winner() == Winner.B), "the winner is the meta-judge's own");
    assertTrue(pairs.stream().noneMatch(pr -> injected.contains(pr.chosenId())), "a response speaking for the judge is never chosen");
  }

  private static long dropped(String kind) {
    return p.pairCounters().entrySet().stream().filter(e -> e.getKey().startsWith(kind + "_dropped."))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static <T> Set<String> ids(List<T> rows, Function<T, String> id) {
    return rows.stream().map(id).collect(Collectors.toCollection(HashSet::new));
  }
}
