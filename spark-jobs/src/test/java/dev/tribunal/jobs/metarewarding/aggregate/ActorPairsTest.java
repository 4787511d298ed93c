package dev.tribunal.jobs.metarewarding.aggregate;

import dev.tribunal.schemas.LengthUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActorPairsTest {

  private static ActorCandidate candidate(String id, double score, double variance, int length) {
    return new ActorCandidate(id, score, variance, length, false, false, false, false);
  }

  /** Smax = 5, Smin = 2. */
  private static final List<ActorCandidate> PROMPT = List.of(
      candidate("a", 5, 0.5, 100),
      candidate("b", 5, 0.2, 50),
      candidate("c", 4, 0.0, 30),
      candidate("d", 2, 0.3, 80),
      candidate("e", 2, 0.1, 200),
      candidate("f", 3, 0.0, 10));

  private static ActorPair pair(double rho, TieBreak tieBreak, List<ActorCandidate> candidates) {
    ActorPairOutcome outcome = ActorPairs.select(candidates, new ActorPairConfig(rho, LengthUnit.TOKENS, tieBreak));
    assertTrue(outcome.isSelected(), "expected a pair, got " + outcome.dropReason());
    return outcome.pair();
  }

  @Test
  void rhoZeroIsBestVersusWorstWithoutConsultingLength() {
    // Chosen tier {a, b}, rejected tier {d, e}. Lowest variance: b and e.
    ActorPair byVariance = pair(0, TieBreak.LOWEST_VARIANCE_THEN_ID, PROMPT);
    assertEquals("b", byVariance.chosenId());
    assertEquals("e", byVariance.rejectedId());
    // By id: a (although b is shorter) and d (although e is longer): length is off at ρ = 0.
    ActorPair byId = pair(0, TieBreak.BY_ID, PROMPT);
    assertEquals("a", byId.chosenId());
    assertEquals("d", byId.rejectedId());
    assertEquals(5.0, byId.chosenScore(), 0);
    assertEquals(2.0, byId.rejectedScore(), 0);
  }

  @Test
  void rhoHalfSplitsAtTheMidpoint() {
    // Threshold 3.5: chosen tier {a, b, c} -> shortest c; rejected tier {d, e, f} -> longest e.
    ActorPair pair = pair(0.5, TieBreak.BY_ID, PROMPT);
    assertEquals("c", pair.chosenId());
    assertEquals("e", pair.rejectedId());
    assertEquals(30, pair.chosenLength());
    assertEquals(200, pair.rejectedLength());
    assertEquals(LengthUnit.TOKENS, pair.lengthUnit());
    assertEquals(0.5, pair.rho(), 0);
  }

  @Test
  void rhoOneIsShortestVersusLongest() {
    ActorPair pair = pair(1, TieBreak.BY_ID, PROMPT);
    assertEquals("f", pair.chosenId());
    assertEquals("e", pair.rejectedId());
  }

  @Test
  void rhoOneDropsWhenTheShortestScoresNoHigherThanTheLongest() {
    ActorPairOutcome outcome = ActorPairs.select(List.of(
        candidate("short", 1, 0, 5), candidate("long", 4, 0, 500), candidate("mid", 3, 0, 50)),
        new ActorPairConfig(1, LengthUnit.CHARS, TieBreak.BY_ID));
    assertEquals(ActorPairDrop.CHOSEN_NOT_BETTER, outcome.dropReason());
  }

  @Test
  void equalLengthsInATierFallToTheTieBreak() {
    List<ActorCandidate> candidates = List.of(
        candidate("a", 5, 0.9, 40), candidate("b", 4, 0.1, 40),
        candidate("c", 1, 0.5, 90), candidate("d", 1, 0.2, 90));
    // ρ = 0.5, threshold 3: chosen tier {a, b} both 40 long; rejected tier {c, d} both 90 long.
    ActorPair byVariance = pair(0.5, TieBreak.LOWEST_VARIANCE_THEN_ID, candidates);
    assertEquals("b", byVariance.chosenId());
    assertEquals("d", byVariance.rejectedId());
    ActorPair byId = pair(0.5, TieBreak.BY_ID, candidates);
    assertEquals("a", byId.chosenId());
    assertEquals("c", byId.rejectedId());
  }

  @Test
  void equalVariancesFallBackToId() {
    ActorPair pair = pair(0, TieBreak.LOWEST_VARIANCE_THEN_ID, List.of(
        candidate("q", 5, 0.5, 1), candidate("p", 5, 0.5, 1),
        candidate("s", 0, 0.5, 1), candidate("r", 0, 0.5, 1)));
    assertEquals("p", pair.chosenId());
    assertEquals("r", pair.rejectedId());
  }

  @Test
  void aResponseInBothTiersCannotBePairedWithItself() {
    // ρ = 0.5, threshold 3: y (score 3) is the shortest of {x, y} and the longest of {y, z}.
    ActorPairOutcome outcome = ActorPairs.select(List.of(
        candidate("x", 5, 0, 10), candidate("y", 3, 0, 5), candidate("z", 1, 0, 1)),
        new ActorPairConfig(0.5, LengthUnit.TOKENS, TieBreak.BY_ID));
    assertEquals(ActorPairDrop.SAME_RESPONSE, outcome.dropReason());
    assertFalse(outcome.selectedPair().isPresent());
  }

  @Test
  void flaggedResponsesAreNeverCandidates() {
    List<ActorCandidate> candidates = List.of(
        new ActorCandidate("cut", 5, 0, 10, true, false, false, false),
        new ActorCandidate("leak", 5, 0, 10, false, true, false, false),
        new ActorCandidate("copy", 0, 0, 10, false, false, true, false),
        candidate("good", 4, 0, 10),
        candidate("bad", 1, 0, 10));
    ActorPair pair = pair(0, TieBreak.BY_ID, candidates);
    assertEquals("good", pair.chosenId());
    assertEquals("bad", pair.rejectedId());
  }

  @Test
  void aResponseSpeakingForTheJudgeMayBeRejectedButNeverChosen() {
    ActorCandidate injected = new ActorCandidate("inject", 5, 0, 10, false, false, false, true);
    ActorPair pair = pair(0, TieBreak.BY_ID, List.of(injected, candidate("good", 4, 0, 10), candidate("bad", 1, 0, 10)));
    assertEquals("bad", pair.rejectedId());
    assertEquals(ActorPairDrop.ONLY_INJECTION_ON_TOP, ActorPairs.select(List.of(injected, candidate("bad", 1, 0, 10)),
        ActorPairConfig.bestVersusWorst(LengthUnit.CHARS, TieBreak.BY_ID)).dropReason());
    ActorCandidate lowInjected = new ActorCandidate("inject", 0, 0, 10, false, false, false, true);
    assertEquals("inject", pair(0, TieBreak.BY_ID, List.of(lowInjected, candidate("good", 4, 0, 10))).rejectedId());
  }

  @Test
  void dropsWithoutTwoEligibleCandidatesOrWithoutSpread() {
    ActorPairConfig config = ActorPairConfig.bestVersusWorst(LengthUnit.CHARS, TieBreak.BY_ID);
    assertEquals(ActorPairDrop.TOO_FEW_CANDIDATES, ActorPairs.select(List.of(), config).dropReason());
    assertEquals(ActorPairDrop.TOO_FEW_CANDIDATES, ActorPairs.select(List.of(
        candidate("a", 5, 0, 1), new ActorCandidate("b", 1, 0, 1, true, false, false, false)), config).dropReason());
    assertEquals(ActorPairDrop.ALL_SCORES_EQUAL, ActorPairs.select(List.of(
        candidate("a", 3, 0, 1), candidate("b", 3, 1, 9)), config).dropReason());
  }

  @Test
  void belowHalfEveryTwoScoreSpreadYieldsAStrictlyBetterChosen() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      double rho = 0.5 * random.nextDouble();
      List<ActorCandidate> candidates = new ArrayList<>();
      int count = 2 + random.nextInt(6);
      for (int i = 0; i < count; i++) {
        // Scores that are means of a few small integers, and some nearly equal ones.
        double score = random.nextBoolean() ? random.nextInt(6) / 3.0 : 1 + 1e-15 * random.nextInt(3);
        candidates.add(candidate("r" + i, score, random.nextDouble(), random.nextInt(300)));
      }
      ActorPairOutcome outcome = ActorPairs.select(candidates,
          new ActorPairConfig(rho, LengthUnit.TOKENS, TieBreak.LOWEST_VARIANCE_THEN_ID));
      double max = candidates.stream().mapToDouble(ActorCandidate::score).max().orElseThrow();
      double min = candidates.stream().mapToDouble(ActorCandidate::score).min().orElseThrow();
      if (max == min) {
        assertEquals(ActorPairDrop.ALL_SCORES_EQUAL, outcome.dropReason());
      } else {
        assertTrue(outcome.isSelected(), "rho " + rho + " " + candidates + " -> " + outcome.dropReason());
        assertTrue(outcome.pair().chosenScore() > outcome.pair().rejectedScore());
      }
    }
  }

  @Test
  void rejectsBadInputClearly() {
    IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () -> ActorPairs.select(
        List.of(candidate("a", 1, 0, 1), candidate("a", 2, 0, 1)), ActorPairConfig.bestVersusWorst(LengthUnit.CHARS, TieBreak.BY_ID)));
    assertTrue(duplicate.getMessage().contains("a"), duplicate.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ActorPairConfig(1.5, LengthUnit.TOKENS, TieBreak.BY_ID));
    assertThrows(IllegalArgumentException.class, () -> new ActorPairConfig(Double.NaN, LengthUnit.TOKENS, TieBreak.BY_ID));
    IllegalArgumentException variance = assertThrows(IllegalArgumentException.class, () -> candidate("r9", 1, -0.1, 1));
    assertTrue(variance.getMessage().contains("r9"), variance.getMessage());
  }
}
