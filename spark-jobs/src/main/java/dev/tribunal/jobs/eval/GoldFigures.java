package dev.tribunal.jobs.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One checkpoint measured against gold in all three roles, and its judge on its own sampled answers
 * (onPolicy: {@link OnPolicyGold}'s figures).
 */
public record GoldFigures(ActorFigures actor, JudgeFigures judge, MetaJudgeFigures metaJudge, List<Figure> onPolicy) {
  public GoldFigures {
    onPolicy = List.copyOf(onPolicy);
  }

  /** An on-policy figure by name; NaN when it was not defined. */
  public double onPolicy(String name) {
    return onPolicy.stream().filter(f -> f.name().equals(name)).mapToDouble(Figure::value).findFirst().orElse(Double.NaN);
  }


  /** Flat metrics under stable names, for a checkpoint's lineage; NaN values are left out. */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    put(m, "gold/actor/prompts", actor.prompts());
    put(m, "gold/actor/mean_score", actor.meanGoldScore());
    put(m, "gold/actor/exact_rate", actor.exactRate());
    put(m, "gold/actor/mean_length_chars", actor.meanLength());
    put(m, "gold/judge/items", judge.items());
    put(m, "gold/judge/spearman", judge.spearman());
    put(m, "gold/judge/parse_failure_rate", judge.parseFailureRate());
    put(m, "gold/judge/mean_abs_error", judge.meanAbsError());
    put(m, "gold/meta_judge/pairs", metaJudge.pairs());
    put(m, "gold/meta_judge/accuracy", metaJudge.accuracy());
    put(m, "gold/meta_judge/first_position_share", metaJudge.firstPositionShare());
    put(m, "gold/meta_judge/flip_rate", metaJudge.flipRate());
    put(m, "gold/meta_judge/parse_failure_rate", metaJudge.parseFailureRate());
    onPolicy.forEach(f -> put(m, "gold/on_policy/" + f.name(), f.value()));
    return m;
  }

  /** The figures as a few human-readable lines. */
  public List<String> lines() {
    return List.of(
        String.format(Locale.ROOT, "actor      (%d held-out prompts, greedy): mean gold score %.2f / 5, exact %.1f%%,"
            + " mean length %.1f chars", actor.prompts(), actor.meanGoldScore(), 100 * actor.exactRate(), actor.meanLength()),
        String.format(Locale.ROOT, "judge      (%d responses of known score): Spearman %.3f, parse failures %.1f%%,"
            + " mean |error| %.2f, scores given %s", judge.items(), judge.spearman(), 100 * judge.parseFailureRate(),
            judge.meanAbsError(), judge.scoreCounts()),
        String.format(Locale.ROOT, "meta-judge (%d pairs, both orders): accuracy %.1f%%, first-position share %.1f%%,"
            + " flip rate %.1f%%, parse failures %.1f%%", metaJudge.pairs(), 100 * metaJudge.accuracy(),
            100 * metaJudge.firstPositionShare(), 100 * metaJudge.flipRate(), 100 * metaJudge.parseFailureRate()),
        String.format(Locale.ROOT, "judge on its own sampled answers: pairwise accuracy %.1f%% (ties %.1f%%), Spearman %.3f;"
            + " actor samples exact %.1f%%", 100 * onPolicy("judge_pairwise_accuracy"), 100 * onPolicy("judge_pairwise_tie_share"),
            onPolicy("judge_spearman"), 100 * onPolicy("actor_exact_rate")));
  }

  private static void put(Map<String, Double> m, String key, double value) {
    if (!Double.isNaN(value)) m.put(key, value);
  }
}
