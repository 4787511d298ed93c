package dev.tribunal.jobs.stages.worker;

import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.djl.DjlModelWorker;

/**
 * Workers of the in-JVM runtime over a checkpoint (a Hugging Face-layout directory on the local
 * disk, or on any Hadoop file system, copied to the executor's local cache first; see
 * {@link ModelStore#local}). The runtime keeps one copy of each version's weights per JVM in its own bounded
 * cache, and its workers are not thread-safe, so each task gets its own worker over the shared
 * weights and closes it at the end.
 */
public final class DjlWorkerFactory implements WorkerFactory<WorkerSpec.Djl> {

  @Override
  public ModelWorker create(WorkerSpec.Djl spec, String device) {
    return DjlModelWorker.open(spec.modelVersion(), ModelStore.local(spec.modelVersion(), spec.checkpoint()), device,
        spec.options());
  }

  @Override
  public Sharing sharing() {
    return Sharing.PER_TASK;
  }
}
