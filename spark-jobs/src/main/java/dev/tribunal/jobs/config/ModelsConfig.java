package dev.tribunal.jobs.config;

import dev.tribunal.worker.http.HttpWorkerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the models run. djl: the in-JVM runtime on every executor, loading M_0 from checkpoint
 * (a Hugging Face-layout directory readable on every executor) and later models from the paths the
 * trainer returns. http: an OpenAI-compatible server that serves each version under its name.
 *
 * @param seedVersion the name of M_0 in tables and fingerprints (for http: its served model name)
 */
public record ModelsConfig(String backend, String seedVersion, String checkpoint,
    int maxBatchSequences, int maxBatchTokens, HttpEndpointConfig http) {
  public enum Backend { DJL, HTTP }

  public ModelsConfig {
    Check.oneOf("models.backend", backend, Backend.class);
    Check.notBlank("models.seed_version", seedVersion);
    Check.range("models.max_batch_sequences", maxBatchSequences, 1, 1_000_000);
    Check.range("models.max_batch_tokens", maxBatchTokens, 1, 100_000_000);
    Check.notNull("models.http", http);
    if (Check.oneOf("models.backend", backend, Backend.class) == Backend.DJL) {
      Check.notBlank("models.checkpoint", checkpoint);
    } else {
      checkHttp(http, seedVersion);
    }
  }

  public Backend backendKind() {
    return Check.oneOf("models.backend", backend, Backend.class);
  }

  /** The key of tokenizer_config.json naming the role templates a checkpoint was trained on. */
  public static final String ROLE_FORM_KEY = "tribunal_role_templates";

  /**
   * The judge and meta-judge form the model was trained on: what the checkpoint's
   * tokenizer_config.json names under {@value #ROLE_FORM_KEY} (the embedded seed says "compact"),
   * else "full", the paper's prompts any instruction-following model reads. A served model
   * declares nothing: "full".
   */
  public String declaredRoleForm() {
    if (backendKind() != Backend.DJL) return "full";
    java.nio.file.Path file = java.nio.file.Path.of(checkpoint, "tokenizer_config.json");
    if (!java.nio.file.Files.isRegularFile(file)) return "full";
    try {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).get(ROLE_FORM_KEY);
      String form = node == null || node.isNull() ? "full" : node.asText();
      if (!form.equals("compact") && !form.equals("full")) {
        throw new ConfigException("models.checkpoint: " + file + " declares " + ROLE_FORM_KEY + " '" + form
            + "'; expected compact or full");
      }
      return form;
    } catch (java.io.IOException e) {
      throw new ConfigException("models.checkpoint: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The HTTP client validates its own section; its complaints are reported under models.http. */
  private static void checkHttp(HttpEndpointConfig http, String model) {
    Map<String, Object> section = new HashMap<>(http.workerParams());
    section.put("model", model);
    try {
      HttpWorkerConfig.fromMap("models.http", section);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("models.http: " + e.getMessage());
    }
  }
}
