package dev.tribunal.jobs.report;

import java.util.List;

/**
 * The report of one run, as report.json holds it and report.html draws it: the page embeds this
 * very object, so the two cannot disagree.
 *
 * @param runId the run's id
 * @param run the run directory's URI
 * @param generated when the report was made (ISO-8601)
 * @param sections only those the run has figures for
 */
public record Report(String runId, String run, String generated, List<Section> sections) {
  public Report {
    sections = List.copyOf(sections);
  }

  /** How many charts the page draws. */
  public int chartCount() {
    return sections.stream().mapToInt(s -> s.charts().size()).sum();
  }
}
