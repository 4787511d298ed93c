package dev.tribunal.jobs.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the report shows of one iteration's (or round's) own tables; each part is null when the
 * iteration has no such table.
 *
 * @param responseChars the responses' lengths in characters (samples)
 * @param judgmentChars the judgments' lengths in characters (judgments)
 * @param judgeScores judgments by parsed score ("0".."5"), those without one under {@link #NO_SCORE}
 * @param firstPositionShare share of decided meta-judge battles won by the judgment shown first
 * @param flipRate share of swapped battle pairs whose winner changed with the order
 * @param ratings the battle ratings (Bradley-Terry on the Elo scale) of the iteration's judgments
 */
public record IterationFacts(int iteration, Spread responseChars, Spread judgmentChars, Map<String, Long> judgeScores,
    Double firstPositionShare, Double flipRate, Spread ratings) {
  public static final String NO_SCORE = "none";

  public IterationFacts {
    judgeScores = judgeScores == null ? null : new TreeMap<>(judgeScores);
  }
}
