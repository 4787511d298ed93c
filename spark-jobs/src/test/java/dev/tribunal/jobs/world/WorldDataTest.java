package dev.tribunal.jobs.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.InjectionDetector;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import dev.tribunal.schemas.Winner;
import dev.tribunal.worker.FinishReason;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WorldDataTest {
  private final WorldData data = new WorldData(17);

  @Test
  void sftPairsAreQuestionAndBareGold() {
    for (Example.Sft e : data.sft(300)) {
      assertEquals(e.task().prompt(), e.user());
      assertEquals(e.task().gold(), e.assistant());
    }
  }

  @Test
  void judgeTrainingDataIsHalfConciseAnswersAndHalfEveryScoreEqually() {
    List<Example.Judge> judge = data.judge(600);
    Map<Integer, Long> perScore = judge.stream()
        .collect(Collectors.groupingBy(e -> e.grade().score(), Collectors.counting()));
    // 300 concise answers (exact 5, off by one 4, partly right 3, wrong 2) and 50 of each score 0-5.
    assertEquals(Map.of(0, 50L, 1, 50L, 2, 125L, 3, 125L, 4, 125L, 5, 125L), perScore);
    for (int i = 0; i < judge.size(); i += 2) assertTrue(judge.get(i).grade().concise(), judge.get(i).response());
  }

  @Test
  void heldOutJudgeDataCoversEveryScoreEqually() {
    Map<Integer, Long> perScore = data.heldOutJudge(120).stream()
        .collect(Collectors.groupingBy(e -> e.grade().score(), Collectors.counting()));
    assertEquals(Map.of(0, 20L, 1, 20L, 2, 20L, 3, 20L, 4, 20L, 5, 20L), perScore);
  }

  @Test
  void judgementsCompareTheExpectedAnswerWithTheOneGiven() {
    for (Example.Judge e : data.judge(200)) {
      String expected = "Expected " + e.task().gold() + ". ";
      assertTrue(e.assistant().startsWith(expected), e.assistant());
      e.task().answerType().extract(e.response())
          .ifPresent(a -> assertTrue(e.assistant().contains(expected + "Got " + a + ". "), e.assistant()));
    }
  }


  @Test
  void judgeTargetsEndWithTheGoldScore() {
    JudgeRole judge = JudgeRole.compact();
    for (Example.Judge e : data.judge(600)) {
      assertEquals(GoldGrader.grade(e.task(), e.response()), e.grade());
      assertEquals(e.grade().score(), judge.parse(e.assistant(), FinishReason.STOP).value());
      assertTrue(e.assistant().startsWith("Expected " + e.task().gold() + ". "), e.assistant());
      assertEquals(judge.render(e.task().prompt(), e.task().gold(), e.response()), e.user());
    }
  }

  @Test
  void metaJudgeDataPicksTheCloserJudgementInBothOrders() {
    MetaJudgeRole meta = MetaJudgeRole.compact();
    JudgeRole judge = JudgeRole.compact();
    List<Example.MetaJudge> examples = data.metaJudge(300);
    assertEquals(600, examples.size());
    for (int i = 0; i < examples.size(); i += 2) {
      Example.MetaJudge first = examples.get(i);
      Example.MetaJudge swapped = examples.get(i + 1);
      assertEquals(first.judgementA(), swapped.judgementB());
      assertEquals(first.judgementB(), swapped.judgementA());
      assertEquals(first.winner().flip(), swapped.winner());
      for (Example.MetaJudge e : List.of(first, swapped)) {
        int earned = GoldGrader.grade(e.task(), e.response()).score();
        int a = judge.parse(e.judgementA(), FinishReason.STOP).value();
        int b = judge.parse(e.judgementB(), FinishReason.STOP).value();
        int winnerOff = Math.abs((e.winner() == Winner.A ? a : b) - earned);
        int loserOff = Math.abs((e.winner() == Winner.A ? b : a) - earned);
        assertTrue(winnerOff <= 1 && loserOff >= 2, e.toString());
        assertEquals(e.winner(), meta.parse(e.assistant(), FinishReason.STOP).value());
        assertEquals(meta.render(e.task().prompt(), e.response(), e.judgementA(), e.judgementB()),
            e.user());
      }
    }
    assertEquals(300, examples.stream().filter(e -> e.winner() == Winner.A).count());
  }

  @Test
  void strippedMetaJudgePromptsShowNoScores() {
    WorldData stripped = new WorldData(new TaskWorld(17), ActorRole.identity(),
        JudgeRole.compact(), MetaJudgeRole.compact().withStripScores(true));
    List<Example.MetaJudge> examples = stripped.metaJudge(100);
    assertTrue(examples.stream().noneMatch(e -> e.user().contains("Score:")));
    assertEquals(data.metaJudge(100).stream().map(Example::assistant).toList(),
        examples.stream().map(Example::assistant).toList());
  }

  @Test
  void sameSeedSameData() {
    WorldData again = new WorldData(17);
    assertEquals(data.sft(100), again.sft(100));
    assertEquals(data.judge(100), again.judge(100));
    assertEquals(data.metaJudge(50), again.metaJudge(50));
    assertEquals(data.heldOut(100), again.heldOut(100));
    assertFalse(data.judge(100).equals(new WorldData(18).judge(100)));
  }

  @Test
  void heldOutMeetsNoTrainingQuestion() {
    Set<String> training = Stream.of(data.sft(3000), data.judge(3000), data.metaJudge(1500))
        .flatMap(List::stream).map(e -> e.task().prompt()).collect(Collectors.toSet());
    Set<String> shared = new HashSet<>(training);
    shared.retainAll(data.heldOut(500).stream().map(Task::prompt).collect(Collectors.toSet()));
    assertEquals(Set.of(), shared);
  }

  @Test
  void worldResponsesAreNeverInjectionAttempts() {
    InjectionDetector detector = InjectionDetector.standard();
    assertTrue(data.judge(1200).stream().noneMatch(e -> detector.flags(e.response())));
  }

  @Test
  void allTextIsPrintableAsciiOrNewline() {
    Stream<Example> all = Stream.of(data.sft(500), data.judge(500), data.metaJudge(250))
        .flatMap(List::stream);
    Function<String, Boolean> ok = s -> s.chars().allMatch(c -> c == '\n' || (c >= 32 && c < 127));
    all.forEach(e -> assertTrue(ok.apply(e.user()) && ok.apply(e.assistant()), e.toString()));
  }

  @Test
  void textsStayShortForTheEmbeddedModel() {
    // The levels the seed model is built on; level 3's longer words and numbers need a longer context.
    WorldData levels12 = new WorldData(new TaskWorld(17, java.util.EnumSet.allOf(Family.class), 1, 2),
        ActorRole.identity(), JudgeRole.compact(), MetaJudgeRole.compact());
    Map<String, WorldStats.Lengths> byText = WorldStats.measure(levels12, 2000).stream()
        .collect(Collectors.toMap(WorldStats.Lengths::text, l -> l));
    assertTrue(byText.get("prompt").max() < 120, byText.toString());
    assertTrue(byText.get("held-out prompt").max() < 120, byText.toString());
    assertTrue(byText.get("gold response").max() < 60, byText.toString());
    assertTrue(byText.get("judged response").max() < 60, byText.toString());
    assertTrue(byText.get("judge prompt").max() < 250, byText.toString());
    // A judge target holds its working; a meta-judge prompt holds two of them, and with its target and
    // the chat template's 8 tokens it must fit the seed model's 512-token context (one token a character).
    assertTrue(byText.get("judge target").max() < 180, byText.toString());
    assertTrue(byText.get("meta-judge target").max() < 80, byText.toString());
    assertTrue(byText.get("meta-judge prompt").max() + byText.get("meta-judge target").max() + 8 <= 512, byText.toString());
    assertEquals(2000, byText.get("judge prompt").count());
  }
}
