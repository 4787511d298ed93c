package dev.tribunal.jobs.report;

import static dev.tribunal.jobs.report.Figures.iterations;
import static dev.tribunal.jobs.report.Figures.points;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Each iteration's own tables: response and judgment lengths (drift), the judge's score
 * distribution, the meta-judge's position bias in its battles, and the spread of battle ratings.
 */
final class LoopCharts {
  /** The rubric's scores, each drawn even where no judgment gave it, so a score keeps its place and colour. */
  private static final List<String> RUBRIC = List.of("0", "1", "2", "3", "4", "5");
  private final List<IterationFacts> iterations;

  LoopCharts(List<IterationFacts> iterations) {
    this.iterations = iterations;
  }

  List<Chart> responseLength() {
    return length("response_length", "Response length per iteration", IterationFacts::responseChars, "response");
  }

  List<Chart> judgmentLength() {
    return length("judgment_length", "Judgment length per iteration", IterationFacts::judgmentChars, "judgment");
  }

  /** Mean and median; the bars around the median span the middle half (25th to 75th percentile). */
  private List<Chart> length(String id, String title, Function<IterationFacts, Spread> of, String what) {
    List<IterationFacts> have = iterations.stream().filter(f -> of.apply(f) != null).toList();
    if (have.isEmpty()) return List.of();
    List<Spread> s = have.stream().map(of).toList();
    return List.of(new Chart(id, title, Chart.Kind.LINE, "iteration", "characters per " + what,
        iterations(have.stream().map(IterationFacts::iteration).toList()), List.of(
            Series.of("mean", s.stream().map(Spread::mean).toList()),
            Series.withInterval("median", s.stream().map(Spread::median).toList(), "25th to 75th percentile",
                s.stream().map(Spread::q1).toList(), s.stream().map(Spread::q3).toList()))).fromZero());
  }

  /** Share of each score among the iteration's judgments, parse failures included as "no score". */
  List<Chart> judgeScores() {
    List<IterationFacts> have = iterations.stream().filter(f -> f.judgeScores() != null && !f.judgeScores().isEmpty())
        .toList();
    if (have.isEmpty()) return List.of();
    TreeSet<String> scores = new TreeSet<>(RUBRIC);
    have.forEach(f -> scores.addAll(f.judgeScores().keySet()));
    scores.remove(IterationFacts.NO_SCORE);
    List<Series> series = new ArrayList<>();
    for (String score : scores) series.add(Series.of("score " + score, share(have, score)));
    if (have.stream().anyMatch(f -> f.judgeScores().containsKey(IterationFacts.NO_SCORE))) {
      series.add(Series.of("no score (parse failure)", share(have, IterationFacts.NO_SCORE)));
    }
    return List.of(new Chart("judge_scores", "Judge score distribution per iteration", Chart.Kind.STACKED_BAR,
        "iteration", "share of judgments", iterations(have.stream().map(IterationFacts::iteration).toList()), series));
  }

  private static List<Double> share(List<IterationFacts> have, String score) {
    return have.stream().map(f -> {
      Map<String, Long> counts = f.judgeScores();
      long all = counts.values().stream().mapToLong(Long::longValue).sum();
      return counts.getOrDefault(score, 0L) / (double) all;
    }).toList();
  }

  /** Only the iterations that meta-judged (meta_rewarding.judge_iterations). */
  List<Chart> metaJudge() {
    List<IterationFacts> have = iterations.stream()
        .filter(f -> f.firstPositionShare() != null || f.flipRate() != null).toList();
    if (have.isEmpty()) return List.of();
    List<Integer> t = have.stream().map(IterationFacts::iteration).toList();
    Map<Integer, IterationFacts> by = index(have);
    List<Double> first = points(t, i -> by.get(i).firstPositionShare());
    List<Double> flip = points(t, i -> by.get(i).flipRate());
    return List.of(new Chart("meta_judge", "Meta-judge position bias in the loop's battles", Chart.Kind.LINE,
        "iteration", "share of battles", iterations(t),
        List.of(Series.of("first-position share", first), Series.of("flip rate", flip))));
  }

  /** The Bradley-Terry ratings (Elo scale, centred per response) of every judgment that battled. */
  List<Chart> ratings() {
    List<IterationFacts> have = iterations.stream().filter(f -> f.ratings() != null).toList();
    if (have.isEmpty()) return List.of();
    return List.of(new Chart("ratings", "Battle ratings per iteration", Chart.Kind.BOXPLOT, "iteration",
        "Bradley-Terry rating (Elo scale)", iterations(have.stream().map(IterationFacts::iteration).toList()),
        List.of(Series.boxes("judgment ratings", have.stream().map(f -> f.ratings().box()).toList()))));
  }

  private static Map<Integer, IterationFacts> index(List<IterationFacts> facts) {
    Map<Integer, IterationFacts> out = new java.util.HashMap<>();
    facts.forEach(f -> out.put(f.iteration(), f));
    return out;
  }
}
