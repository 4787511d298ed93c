package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.metarewarding.aggregate.JudgedResponse;
import dev.tribunal.jobs.metarewarding.aggregate.ScoredJudgment;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.LengthUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Judgment rows as the aggregation sees them. Every stage that plans or rates battles builds its
 * responses here, in judgment-index order, so player indices agree between the meta-judge, battle
 * and pairs stages.
 */
public final class JudgedResponses {
  private JudgedResponses() {}

  /** One prompt's judgments, grouped by response (sample id order), each in judgment-index order. */
  public static List<JudgedResponse> of(List<JudgmentRow> judgments, LengthUnit unit) {
    Map<String, List<JudgmentRow>> bySample = new LinkedHashMap<>();
    judgments.stream().sorted(Comparator.comparing(JudgmentRow::sampleId).thenComparingInt(JudgmentRow::judgmentIndex))
        .forEach(j -> bySample.computeIfAbsent(j.sampleId(), s -> new ArrayList<>()).add(j));
    List<JudgedResponse> out = new ArrayList<>(bySample.size());
    bySample.forEach((sample, rows) -> out.add(response(sample, rows, unit)));
    return out;
  }

  /**
   * One response's judgments, already in judgment-index order. A judgment repeating an earlier
   * one's text is a duplicate: its score counts, but it never battles.
   */
  static JudgedResponse response(String sampleId, List<JudgmentRow> judgments, LengthUnit unit) {
    Set<String> seen = new HashSet<>();
    List<ScoredJudgment> scored = new ArrayList<>(judgments.size());
    for (JudgmentRow j : judgments) {
      OptionalDouble score = j.isValid() ? OptionalDouble.of(j.score()) : OptionalDouble.empty();
      scored.add(new ScoredJudgment(j.judgmentId(), score, length(j, unit), !seen.add(j.rawText())));
    }
    return new JudgedResponse(sampleId, scored);
  }

  static int length(JudgmentRow j, LengthUnit unit) {
    return unit == LengthUnit.TOKENS ? j.tokenCount() : j.charCount();
  }
}
