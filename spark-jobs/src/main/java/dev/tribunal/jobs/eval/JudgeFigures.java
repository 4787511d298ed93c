package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.roles.Verdict;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The judge's scores of responses with known gold scores. Correlation and error are over the
 * judgements that parsed (a parse failure is never a number); the failure rate says how many
 * did not.
 *
 * @param spearman       rank correlation of parsed scores with gold; NaN if either is constant
 * @param meanAbsError   mean |parsed score − gold score|
 * @param scoreCounts    how often each parsed score was given
 */
public record JudgeFigures(int items, double spearman, double parseFailureRate, double meanAbsError,
    Map<Integer, Integer> scoreCounts) {

  public JudgeFigures {
    // Sorted by score, so cards and logs print the same text for the same figures.
    scoreCounts = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(scoreCounts));
  }

  /** Verdict i is the judge's reading of a response whose gold score is gold.get(i). */
  public static JudgeFigures of(List<Integer> gold, List<Verdict<Integer>> verdicts) {
    if (gold.size() != verdicts.size()) {
      throw new IllegalArgumentException("judge figures: " + gold.size() + " gold scores but " + verdicts.size() + " verdicts");
    }
    if (gold.isEmpty()) throw new IllegalArgumentException("judge figures: no judged responses");
    List<Integer> parsed = IntStream.range(0, gold.size())
        .filter(i -> verdicts.get(i).isOk()).boxed().toList();
    double[] truth = parsed.stream().mapToDouble(gold::get).toArray();
    double[] given = parsed.stream().mapToDouble(i -> verdicts.get(i).value()).toArray();
    double error = 0;
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int k = 0; k < given.length; k++) {
      error += Math.abs(given[k] - truth[k]);
      counts.merge((int) given[k], 1, Integer::sum);
    }
    return new JudgeFigures(gold.size(), Spearman.correlation(truth, given),
        1.0 - (double) parsed.size() / gold.size(), parsed.isEmpty() ? Double.NaN : error / parsed.size(), counts);
  }
}
