package dev.tribunal.worker.serve;

import dev.tribunal.worker.http.ApiKeySource;

/**
 * Where and how to serve.
 *
 * @param host         the address to bind; loopback by default
 * @param port         the port, 0 for any free one (read it back from {@link OpenAiServer#port()})
 * @param modelName    the served model id; null for the worker's model version
 * @param maxBodyBytes the largest request body accepted
 * @param threads      request threads (parsing and writing run in parallel; model calls one at a time)
 * @param apiKey       where the bearer key clients must present comes from (an environment variable
 *                     or a file, never the key itself); required to bind beyond loopback
 */
public record ServeOptions(String host, int port, String modelName, int maxBodyBytes, int threads,
    ApiKeySource apiKey) {
  public static final String LOOPBACK = "127.0.0.1";
  public static final int DEFAULT_MAX_BODY_BYTES = 16 << 20;
  public static final int DEFAULT_THREADS = 4;

  public ServeOptions {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("serve: host is empty");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("serve: port must be in 0..65535, was " + port);
    if (modelName != null && modelName.isBlank()) throw new IllegalArgumentException("serve: model name is blank");
    if (maxBodyBytes < 1024) throw new IllegalArgumentException("serve: max body must be >= 1024 bytes, was " + maxBodyBytes);
    if (threads < 1) throw new IllegalArgumentException("serve: threads must be >= 1, was " + threads);
    apiKey = apiKey == null ? ApiKeySource.none() : apiKey;
  }

  /** Options without an API key (loopback only). */
  public ServeOptions(String host, int port, String modelName, int maxBodyBytes, int threads) {
    this(host, port, modelName, maxBodyBytes, threads, ApiKeySource.none());
  }

  public static ServeOptions of(String host, int port) {
    return new ServeOptions(host == null ? LOOPBACK : host, port, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_THREADS);
  }

  /** Loopback on any free port. */
  public static ServeOptions loopback() {
    return of(LOOPBACK, 0);
  }

  public ServeOptions withModelName(String name) {
    return new ServeOptions(host, port, name, maxBodyBytes, threads, apiKey);
  }

  public ServeOptions withApiKey(ApiKeySource source) {
    return new ServeOptions(host, port, modelName, maxBodyBytes, threads, source);
  }
}
