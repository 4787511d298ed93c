package dev.tribunal.jobs.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OpenAI-compatible server that serves M_t under its version name (models.http). The API key
 * is named by an environment variable or a file, never written here.
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

  /** The keys of the HTTP worker's own configuration section; the served model is added per version. */
  public Map<String, String> workerParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("base_url", baseUrl);
    p.put("backend", backend);
    p.put("max_concurrency", Integer.toString(maxConcurrency));
    p.put("connect_timeout_s", Double.toString(connectTimeoutS));
    p.put("request_timeout_s", Double.toString(requestTimeoutS));
    p.put("max_attempts", Integer.toString(maxAttempts));
    if (!apiKeyEnv.isBlank()) p.put("api_key_env", apiKeyEnv);
    if (!apiKeyFile.isBlank()) p.put("api_key_file", apiKeyFile);
    return p;
  }
}
