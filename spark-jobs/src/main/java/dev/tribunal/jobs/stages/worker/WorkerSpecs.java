package dev.tribunal.jobs.stages.worker;

import dev.tribunal.jobs.config.ModelsConfig;
import dev.tribunal.worker.ChatTemplate;
import dev.tribunal.worker.TokenizerConfig;
import dev.tribunal.worker.http.HttpWorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /**
   * A served M_0 with what the driver reads from its checkpoint directory (models.checkpoint) where
   * that exists: the chat template, so chat prompts can be scored as text (an OpenAI-compatible
   * server gives prompt log-probs only for text), and the weights the trainer starts from. Without
   * the directory, both are refused where they are needed, naming models.checkpoint.
   */
  public static WorkerSpec.Http served(ModelsConfig models) {
    WorkerSpec.Http spec = new WorkerSpec.Http(models.endpoint());
    Path dir = models.checkpoint() == null || models.checkpoint().isBlank() ? null
        : Path.of(models.checkpoint()).toAbsolutePath().normalize();
    if (dir == null || !Files.isDirectory(dir)) return spec;
    ChatTemplate template = ChatTemplate.of(TokenizerConfig.read(dir));
    HttpWorkerConfig endpoint = template == null ? spec.config() : spec.config().withChatTemplate(template);
    return new WorkerSpec.Http(endpoint, dir.toString());
  }
}
