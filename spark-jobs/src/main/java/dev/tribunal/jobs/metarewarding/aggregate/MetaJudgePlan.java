package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which response of a prompt is meta-judged and which battles to run (spec section 1, step 4).
 *
 * @param responseId the response whose judgments battle
 * @param players    its valid, non-duplicate judgments; a judgment's index here is its player index
 *                   in battles, the battle matrix and the ratings
 * @param battles    every ordered pair of distinct players: for players m &lt; n, (m first, n
 *                   second) then (n first, m second), pairs in lexicographic order
 */
public record MetaJudgePlan(String responseId, List<ScoredJudgment> players, List<ScheduledBattle> battles) {

  public MetaJudgePlan {
    players = List.copyOf(players);
    battles = List.copyOf(battles);
  }

  /**
   * Picks, among one prompt's responses, the one whose valid judgment scores have the highest
   * (population) variance: the judge was least sure of it. Responses with fewer than two valid
   * judgments or a variance of 0 are skipped; equal variances go to the smallest response id.
   *
   * @param responses the prompt's responses that may be meta-judged, each with all its
   *                  judgments (the caller decides whether flagged responses, e.g. truncated
   *                  ones, take part)
   * @return empty when no response qualifies (the judge agreed with itself everywhere)
   */
  public static Optional<MetaJudgePlan> forPrompt(List<JudgedResponse> responses) {
    JudgedResponse target = null;
    double targetVariance = 0;
    for (JudgedResponse response : responses) {
      Optional<ResponseScore> score = ResponseScore.of(response.judgments());
      if (score.isEmpty() || score.get().validCount() < 2 || !(score.get().variance() > 0)) {
        continue;
      }
      double variance = score.get().variance();
      if (target == null || variance > targetVariance
          || (variance == targetVariance && response.responseId().compareTo(target.responseId()) < 0)) {
        target = response;
        targetVariance = variance;
      }
    }
    return Optional.ofNullable(target).map(MetaJudgePlan::forResponse);
  }

  /** Plans the battles among one response's valid, non-duplicate judgments, both orders each. */
  public static MetaJudgePlan forResponse(JudgedResponse response) {
    List<ScoredJudgment> players = new ArrayList<>();
    for (ScoredJudgment judgment : response.judgments()) {
      if (judgment.isPlayer()) {
        players.add(judgment);
      }
    }
    List<ScheduledBattle> battles = new ArrayList<>(players.size() * (players.size() - 1));
    for (int m = 0; m < players.size(); m++) {
      for (int n = m + 1; n < players.size(); n++) {
        String idM = players.get(m).id();
        String idN = players.get(n).id();
        battles.add(new ScheduledBattle(m, n, idM, idN));
        battles.add(new ScheduledBattle(n, m, idN, idM));
      }
    }
    return new MetaJudgePlan(response.responseId(), players, battles);
  }

  /** The player index of a judgment, for mapping meta-judge verdicts back to the matrix. */
  public int playerIndex(String judgmentId) {
    for (int i = 0; i < players.size(); i++) {
      if (players.get(i).id().equals(judgmentId)) {
        return i;
      }
    }
    throw new IllegalArgumentException("judgment " + judgmentId + " is not a player of response " + responseId);
  }
}
