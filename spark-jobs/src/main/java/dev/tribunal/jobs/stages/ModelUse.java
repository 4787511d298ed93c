package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.io.Serializable;

/**
 * How a model stage uses its model: which model, how many inputs go into one model call, and how
 * many partitions share the work (0: spark.sql.shuffle.partitions).
 */
public record ModelUse(WorkerSpec model, int batch, int partitions) implements Serializable {
  public ModelUse {
    if (batch < 1) throw new IllegalArgumentException("a model call takes at least one input, got " + batch);
    if (partitions < 0) throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
  }
}
