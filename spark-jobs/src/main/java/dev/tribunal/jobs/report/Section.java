package dev.tribunal.jobs.report;

import java.util.List;

/** A titled group of charts, e.g. the held-out evaluation; note says where the figures come from. */
public record Section(String id, String title, String note, List<Chart> charts) {
  public Section {
    if (!id.matches("[a-z][a-z0-9_-]*")) throw new IllegalArgumentException("report section id: " + id);
    charts = List.copyOf(charts);
  }
}
