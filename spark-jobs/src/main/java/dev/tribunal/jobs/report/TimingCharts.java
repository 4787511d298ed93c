package dev.tribunal.jobs.report;

import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.StageRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The seconds each completed stage took, from the manifest: stages in the order they first ran, stacked by iteration. */
final class TimingCharts {
  private TimingCharts() {}

  static List<Chart> of(Manifest manifest) {
    List<StageRecord> timed = manifest.stages().stream().filter(s -> s.completed() && s.seconds() != null).toList();
    if (timed.isEmpty()) return List.of();
    List<String> stages = new ArrayList<>(new LinkedHashSet<>(timed.stream().map(StageRecord::stage).toList()));
    Map<Integer, Double[]> byIteration = new TreeMap<>();
    for (StageRecord s : timed) {
      byIteration.computeIfAbsent(s.iteration(), t -> new Double[stages.size()])[stages.indexOf(s.stage())] = s.seconds();
    }
    List<Series> series = new ArrayList<>();
    byIteration.forEach((t, seconds) -> series.add(Series.of("iter " + t, java.util.Arrays.asList(seconds))));
    return List.of(new Chart("stage_seconds", "Stage timings", Chart.Kind.STACKED_BAR, "stage", "seconds", stages,
        series));
  }
}
