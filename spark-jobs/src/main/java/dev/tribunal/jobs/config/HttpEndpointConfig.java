package dev.tribunal.jobs.config;

import dev.tribunal.worker.http.ApiKeySource;
import dev.tribunal.worker.http.Backend;
import dev.tribunal.worker.http.HttpWorkerConfig;
import dev.tribunal.worker.http.RetryPolicy;
import java.net.URI;
import java.time.Duration;

/**
 * An OpenAI-compatible server that serves M_t under its version name (models.http), as written in
 * the configuration. The API key is named by an environment variable or a file, never written here.
 */
public record HttpEndpointConfig(String baseUrl, String backend, int maxConcurrency,
    double connectTimeoutS, double requestTimeoutS, int maxAttempts, String apiKeyEnv,
    String apiKeyFile) {
  public HttpEndpointConfig {
    Check.notBlank("models.http.base_url", baseUrl);
    Check.notBlank("models.http.backend", backend);
    Check.range("models.http.max_concurrency", maxConcurrency, 1, 10_000);
    Check.range("models.http.connect_timeout_s", connectTimeoutS, 0.001, 86_400.0);
    Check.range("models.http.request_timeout_s", requestTimeoutS, 0.001, 86_400.0);
    Check.range("models.http.max_attempts", maxAttempts, 1, 100);
    apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
    apiKeyFile = apiKeyFile == null ? "" : apiKeyFile;
  }

  /**
   * The HTTP client's validated endpoint serving model, named after it; the client's own checks
   * (URL, backend profile, key source) are reported under models.http. Backoffs keep the client's
   * defaults: only the number of attempts is configurable here.
   */
  public HttpWorkerConfig endpoint(String model) {
    try {
      RetryPolicy d = RetryPolicy.DEFAULT;
      RetryPolicy retry = new RetryPolicy(maxAttempts, d.initialBackoff(), d.maxBackoff(), d.totalDeadline());
      return new HttpWorkerConfig("model " + model, URI.create(baseUrl), model, Backend.byName(backend),
          seconds(connectTimeoutS), seconds(requestTimeoutS), retry, maxConcurrency,
          new ApiKeySource(orNull(apiKeyEnv), orNull(apiKeyFile)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("models.http: " + e.getMessage());
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis((long) (s * 1000));
  }

  private static String orNull(String s) {
    return s.isBlank() ? null : s;
  }
}
