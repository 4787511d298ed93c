package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.djl.DjlModelWorker;
import java.nio.file.Path;

/**
 * Workers of the in-JVM runtime over a checkpoint (a Hugging Face-layout directory readable on the
 * executor). The runtime keeps one copy of each version's weights per JVM in its own bounded
 * cache, and its workers are not thread-safe, so each task gets its own worker over the shared
 * weights and closes it at the end.
 */
public final class DjlWorkerFactory implements WorkerFactory<WorkerSpec.Djl> {

  @Override
  public ModelWorker create(WorkerSpec.Djl spec, String device) {
    return DjlModelWorker.open(spec.modelVersion(), Path.of(spec.checkpoint()), device, spec.options());
  }

  @Override
  public Sharing sharing() {
    return Sharing.PER_TASK;
  }
}
