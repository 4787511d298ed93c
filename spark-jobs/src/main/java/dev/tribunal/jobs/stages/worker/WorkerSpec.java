package dev.tribunal.jobs.stages.worker;

import java.io.Serializable;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything an executor needs to build a model worker: the {@link WorkerFactory} class to
 * instantiate, its string parameters, and the model version. Small and serializable, so it travels
 * inside Spark functions; equal specs share one cached worker per executor JVM. Parameters hold
 * where secrets come from (an environment variable's name), never the secrets.
 */
public record WorkerSpec(String factory, Map<String, String> params, String modelVersion)
    implements Serializable {
  /** The parameter naming the checkpoint directory, for factories that load weights. */
  public static final String CHECKPOINT = "checkpoint";

  public WorkerSpec {
    if (factory == null || factory.isBlank()) throw new IllegalArgumentException("worker spec: factory class is empty");
    if (modelVersion == null || modelVersion.isBlank()) {
      throw new IllegalArgumentException("worker spec for " + factory + ": model version is empty");
    }
    Objects.requireNonNull(params, "worker spec params");
    params.forEach((k, v) -> {
      if (k == null || v == null) throw new IllegalArgumentException("worker spec for " + factory + ": null key or value");
    });
    params = Collections.unmodifiableMap(new TreeMap<>(params));
  }

  /**
   * The spec of another version of the same model: a checkpoint the trainer wrote. The
   * checkpoint parameter is replaced only where the spec has one (a served model has none).
   */
  public WorkerSpec forVersion(String version, String checkpoint) {
    Map<String, String> next = new TreeMap<>(params);
    if (next.containsKey(CHECKPOINT) && checkpoint != null) next.put(CHECKPOINT, checkpoint);
    return new WorkerSpec(factory, next, version);
  }

  /** A short name for messages: "djl", "http/vllm", "fake". */
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
