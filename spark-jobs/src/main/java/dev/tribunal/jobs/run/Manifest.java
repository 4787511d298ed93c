package dev.tribunal.jobs.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The run's record of its stages, in the order they first ran. Immutable; updates return copies. */
public record Manifest(String runId, String created, List<StageRecord> stages) {
  public Manifest {
    stages = List.copyOf(stages);
  }

  public static Manifest empty(String runId) {
    return new Manifest(runId, java.time.Instant.now().toString(), List.of());
  }

  public Optional<StageRecord> find(String stage, int iteration) {
    String key = StageRecord.key(stage, iteration);
    return stages.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  /** The completed stage that wrote a table, if any. */
  public Optional<StageRecord> producerOf(TableRef table) {
    return stages.stream().filter(s -> s.completed() && s.output().equals(table)).findFirst();
  }

  public int nextSequence() {
    return stages.stream().mapToInt(StageRecord::sequence).max().orElse(0) + 1;
  }

  /** Replaces the record with the same key, or appends it. */
  public Manifest with(StageRecord record) {
    List<StageRecord> next = new ArrayList<>(stages);
    next.removeIf(s -> s.key().equals(record.key()));
    next.add(record);
    next.sort(java.util.Comparator.comparingInt(StageRecord::sequence));
    return new Manifest(runId, created, next);
  }

  public Manifest without(Set<String> keys) {
    List<StageRecord> next = new ArrayList<>(stages);
    next.removeIf(s -> keys.contains(s.key()));
    return new Manifest(runId, created, next);
  }

  /**
   * The records that read, directly or through others, the table written by {@code root}: what a
   * redo of root makes stale.
   */
  public List<StageRecord> downstreamOf(StageRecord root) {
    List<StageRecord> found = new ArrayList<>();
    Set<String> tables = new java.util.HashSet<>(Set.of(root.output().path()));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (StageRecord s : stages) {
        if (found.contains(s) || s.key().equals(root.key()) || s.parts() == null) continue;
        if (s.parts().inputs().keySet().stream().anyMatch(tables::contains)) {
          found.add(s);
          tables.add(s.output().path());
          grew = true;
        }
      }
    }
    return found;
  }
}
