package dev.tribunal.jobs.stages.worker;

import dev.tribunal.jobs.config.ModelsConfig;

/** The spec of M_0 from the models section; later versions derive from it (see {@link WorkerSpec#forVersion}). */
public final class WorkerSpecs {
  private WorkerSpecs() {}

  /** From the parts the models section validated when it was bound; nothing is parsed here. */
  public static WorkerSpec seed(ModelsConfig models) {
    return switch (models.backendKind()) {
      case DJL -> new WorkerSpec.Djl(models.seedVersion(), models.checkpoint(), models.runtime());
      case HTTP -> new WorkerSpec.Http(models.endpoint());
    };
  }
}
