package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.http.HttpModelWorker;

/**
 * Workers over an OpenAI-compatible server, from the endpoint the spec carries (validated when the
 * configuration was bound). The client is thread-safe and bounds its requests per JVM, so one is
 * shared by every task of an executor.
 */
public final class HttpWorkerFactory implements WorkerFactory<WorkerSpec.Http> {

  @Override
  public ModelWorker create(WorkerSpec.Http spec, String device) {
    return HttpModelWorker.open(spec.config());
  }

  @Override
  public Sharing sharing() {
    return Sharing.SHARED;
  }
}
