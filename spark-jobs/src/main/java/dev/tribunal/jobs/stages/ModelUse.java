package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.io.Serializable;

/**
 * How a model stage uses its model: which model, how many inputs go into one model call, and how
 * many partitions share the work (0: spark.sql.shuffle.partitions). The numbers come from the
 * configuration, which checked them when it was bound.
 */
public record ModelUse(WorkerSpec model, int batch, int partitions) implements Serializable {}
