package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.http.HttpWorkerConfig;
import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything an executor needs to build a model worker, as validated records: small and
 * serializable, so it travels inside Spark functions, and checked once when the configuration is
 * bound instead of again on every executor. Equal specs share one cached worker per executor JVM.
 * Specs hold where secrets come from (an environment variable's name), never the secrets.
 */
public sealed interface WorkerSpec extends Serializable permits WorkerSpec.Djl, WorkerSpec.Http, WorkerSpec.Plugin {

  /** The model's name in tables and fingerprints. */
  String modelVersion();

  /** A short name for messages: "djl", "http/vllm", "fake". */
  String backend();

  /**
   * The spec of another version of the same model: a checkpoint the trainer wrote. The checkpoint
   * is replaced only where the spec has one (a served model has none) and a new one is given.
   */
  WorkerSpec forVersion(String version, String checkpoint);

  private static String require(String value, String what) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("worker spec: " + what + " is empty");
    return value;
  }

  /** A checkpoint run by the in-JVM runtime ({@link DjlWorkerFactory}). */
  record Djl(String modelVersion, String checkpoint, RuntimeOptions options) implements WorkerSpec {
    public Djl {
      require(modelVersion, "model version");
      require(checkpoint, "checkpoint of " + modelVersion);
      Objects.requireNonNull(options, "runtime options");
    }

    @Override
    public String backend() {
      return "djl";
    }

    @Override
    public Djl forVersion(String version, String newCheckpoint) {
      return new Djl(version, newCheckpoint == null ? checkpoint : newCheckpoint, options);
    }

    @Override
    public String toString() {
      return backend() + " " + modelVersion;
    }
  }

  /**
   * A model served by an OpenAI-compatible server under its version name ({@link HttpWorkerFactory}).
   *
   * @param checkpoint the served version's weights where the driver reads them (the trainer starts
   *     from them and writes the next version beside the run); null when none is known
   */
  record Http(HttpWorkerConfig config, String checkpoint) implements WorkerSpec {
    public Http {
      Objects.requireNonNull(config, "http endpoint");
      if (checkpoint != null && checkpoint.isBlank()) throw new IllegalArgumentException("worker spec: checkpoint is blank");
    }

    /** A served model whose weights the driver cannot read. */
    public Http(HttpWorkerConfig config) {
      this(config, null);
    }

    /** The endpoint serving this version, named after it in the client's messages. */
    public static Http of(HttpWorkerConfig endpoint, String version) {
      return new Http(endpoint.withModel("model " + version, version));
    }

    @Override
    public String modelVersion() {
      return config.model();
    }

    @Override
    public String backend() {
      return "http/" + config.backend().name();
    }

    /** The server serves the new version under its name; its checkpoint is where the trainer wrote it. */
    @Override
    public Http forVersion(String version, String newCheckpoint) {
      return new Http(config.withModel("model " + version, version), newCheckpoint == null ? checkpoint : newCheckpoint);
    }

    @Override
    public String toString() {
      return backend() + " " + modelVersion();
    }
  }

  /**
   * A worker from a factory the driver need not link against: a {@link WorkerFactory} of Plugin
   * specs, named by class and instantiated on executors, with its own string parameters.
   */
  record Plugin(String factory, Map<String, String> params, String modelVersion) implements WorkerSpec {
    /** The parameter naming the checkpoint directory, for factories that load weights. */
    public static final String CHECKPOINT = "checkpoint";

    public Plugin {
      require(factory, "factory class");
      require(modelVersion, "model version of " + factory);
      Objects.requireNonNull(params, "worker spec params");
      params.forEach((k, v) -> {
        if (k == null || v == null) throw new IllegalArgumentException("worker spec for " + factory + ": null key or value");
      });
      params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    @Override
    public Plugin forVersion(String version, String checkpoint) {
      Map<String, String> next = new TreeMap<>(params);
      if (next.containsKey(CHECKPOINT) && checkpoint != null) next.put(CHECKPOINT, checkpoint);
      return new Plugin(factory, next, version);
    }

    @Override
    public String backend() {
      String simple = factory.substring(factory.lastIndexOf('.') + 1).replace("WorkerFactory", "");
      String name = simple.isEmpty() ? factory : simple.toLowerCase(Locale.ROOT);
      String detail = params.get("backend");
      return detail == null ? name : name + "/" + detail;
    }

    public String param(String key) {
      String v = params.get(key);
      if (v == null) throw new IllegalArgumentException("worker " + backend() + ": parameter '" + key + "' is missing");
      return v;
    }

    @Override
    public String toString() {
      return backend() + " " + modelVersion;
    }
  }
}
