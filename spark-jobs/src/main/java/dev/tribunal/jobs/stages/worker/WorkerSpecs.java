package dev.tribunal.jobs.stages.worker;

import dev.tribunal.jobs.config.ModelsConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The spec of M_0 from the models section; later versions derive from it (see {@link WorkerSpec#forVersion}). */
public final class WorkerSpecs {
  private WorkerSpecs() {}

  public static WorkerSpec seed(ModelsConfig models) {
    return switch (models.backendKind()) {
      case DJL -> new WorkerSpec(DjlWorkerFactory.class.getName(), djl(models), models.seedVersion());
      case HTTP -> new WorkerSpec(HttpWorkerFactory.class.getName(), models.http().workerParams(), models.seedVersion());
    };
  }

  private static Map<String, String> djl(ModelsConfig models) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(WorkerSpec.CHECKPOINT, models.checkpoint());
    p.put("max_batch_sequences", Integer.toString(models.maxBatchSequences()));
    p.put("max_batch_tokens", Integer.toString(models.maxBatchTokens()));
    return p;
  }
}
