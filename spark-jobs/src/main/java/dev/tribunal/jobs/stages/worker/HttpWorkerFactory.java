package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.http.HttpModelWorker;
import dev.tribunal.worker.http.HttpWorkerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Workers over an OpenAI-compatible server. The spec's parameters are the HTTP client's own
 * configuration keys (base_url, backend, timeouts, api_key_env, ...); the model version is the
 * served model name. The client is thread-safe and bounds its requests per JVM, so one is shared
 * by every task of an executor.
 */
public final class HttpWorkerFactory implements WorkerFactory {

  @Override
  public ModelWorker create(WorkerSpec spec, String device) {
    Map<String, Object> section = new HashMap<>(spec.params());
    section.put("model", spec.modelVersion());
    return HttpModelWorker.open(HttpWorkerConfig.fromMap("model " + spec.modelVersion(), section));
  }

  @Override
  public Sharing sharing() {
    return Sharing.SHARED;
  }
}
