package dev.tribunal.jobs.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tribunal.worker.TokenizerConfig;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.http.HttpWorkerConfig;

/**
 * Where the models run. djl: the in-JVM runtime on every executor, loading M_0 from checkpoint
 * (a Hugging Face-layout directory: a local path every executor can read, or any Hadoop URI, copied
 * to each executor's local disk) and later models from where the train stage committed them. http:
 * an OpenAI-compatible server that serves each version under its name; the checkpoint is then the
 * served M_0's directory on the driver, for its chat template and the trainer.
 * Bound from the section as written ({@link Section}) into the typed parts a worker needs, checked
 * here once: executors get these records and parse nothing.
 *
 * @param seedVersion the name of M_0 in tables and fingerprints (for http: its served model name)
 * @param runtime     the djl runtime's batch limits
 * @param http        the models.http section as written (unchecked beyond its ranges unless used)
 * @param endpoint    the validated endpoint serving M_0; null unless the backend is http
 */
public record ModelsConfig(Backend backendKind, String seedVersion, String checkpoint, RuntimeOptions runtime,
    HttpEndpointConfig http, HttpWorkerConfig endpoint) {
  public enum Backend { DJL, HTTP }

  public ModelsConfig {
    Check.notNull("models.backend", backendKind);
    Check.notBlank("models.seed_version", seedVersion);
    Check.notNull("models.runtime", runtime);
    Check.notNull("models.http", http);
    if (backendKind == Backend.DJL) {
      Check.notBlank("models.checkpoint", checkpoint);
    } else {
      Check.notNull("models.http", endpoint);
    }
  }

  /** The models section as written in the configuration. */
  record Section(String backend, String seedVersion, String checkpoint, int maxBatchSequences,
      int maxBatchTokens, HttpEndpointConfig http) {}

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ModelsConfig bind(Section s) {
    Backend kind = Check.oneOf("models.backend", s.backend(), Backend.class);
    Check.notBlank("models.seed_version", s.seedVersion());
    Check.range("models.max_batch_sequences", s.maxBatchSequences(), 1, 1_000_000);
    Check.range("models.max_batch_tokens", s.maxBatchTokens(), 1, 100_000_000);
    Check.notNull("models.http", s.http());
    // An unused endpoint is not checked: the djl default names a server nobody runs.
    HttpWorkerConfig endpoint = kind == Backend.HTTP ? s.http().endpoint(s.seedVersion()) : null;
    return new ModelsConfig(kind, s.seedVersion(), s.checkpoint(),
        new RuntimeOptions(s.maxBatchSequences(), s.maxBatchTokens()), s.http(), endpoint);
  }

  /** The key of tokenizer_config.json naming the role templates a checkpoint was trained on. */
  public static final String ROLE_FORM_KEY = "tribunal_role_templates";

  /**
   * The judge and meta-judge form the model was trained on: what the checkpoint's
   * tokenizer_config.json names under {@value #ROLE_FORM_KEY} (the embedded seed says "compact"),
   * else "full", the paper's prompts any instruction-following model reads. A served model is read
   * from its local checkpoint (models.checkpoint) where there is one, else it declares nothing: "full".
   */
  public String declaredRoleForm() {
    if (checkpoint == null || checkpoint.isBlank()) return "full";
    String file = checkpoint + "/" + TokenizerConfig.FILE;
    try {
      java.util.Optional<byte[]> content = dev.tribunal.jobs.run.ModelStore.file(checkpoint, TokenizerConfig.FILE);
      if (content.isEmpty()) return "full";
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(content.get()).get(ROLE_FORM_KEY);
      String form = node == null || node.isNull() ? "full" : node.asText();
      if (!form.equals("compact") && !form.equals("full")) {
        throw new ConfigException("models.checkpoint: " + file + " declares " + ROLE_FORM_KEY + " '" + form
            + "'; expected compact or full");
      }
      return form;
    } catch (java.io.UncheckedIOException e) {
      throw new ConfigException("models.checkpoint: cannot read " + file + ": " + e.getCause().getMessage());
    } catch (java.io.IOException e) {
      throw new ConfigException("models.checkpoint: cannot read " + file + ": " + e.getMessage());
    }
  }
}
