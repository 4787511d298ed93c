package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What every model-calling function carries to the executors: the stage, the run and iteration
 * (for row ids and seeds), the model, and how many inputs go into one model call.
 */
public record ModelStep(String stage, String runId, int iteration, WorkerSpec model, int batch) implements Serializable {

  /**
   * Runs a partition through the model in batches; the model is opened only for a partition with
   * rows, and given back when the partition ends (or the task fails).
   */
  public <I, O> Iterator<O> stream(Iterator<I> input, BiFunction<ModelSession, List<I>, List<O>> process) {
    if (!input.hasNext()) return Collections.emptyIterator();
    ModelSession session = ModelSession.open(stage, model);
    return new Batches<>(input, batch, b -> process.apply(session, b), session::close);
  }
}
