package dev.tribunal.worker.http;

import dev.tribunal.worker.ChatTemplate;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * One OpenAI-compatible endpoint as a role uses it, validated at construction. Holds where the API
 * key comes from, never the key, so it is safe to print and to ship to executors.
 *
 * @param name           the role or endpoint name, used in error messages ("judge", "reference")
 * @param baseUrl        the server root, e.g. http://gpu-node:8000 (the client appends /v1/...)
 * @param model          the served model name sent in every request
 * @param backend        the server's profile: what it can do
 * @param maxConcurrency requests in flight to this base URL from this JVM, all clients together
 * @param chatTemplate   the served model's chat template, to render chat prompts to text where the
 *                       API takes only text (prompt log-probs); null when none is known
 */
public record HttpWorkerConfig(
    String name,
    URI baseUrl,
    String model,
    Backend backend,
    Duration connectTimeout,
    Duration requestTimeout,
    RetryPolicy retry,
    int maxConcurrency,
    ApiKeySource apiKey,
    ChatTemplate chatTemplate) implements Serializable {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_CONCURRENCY = 8;

  public HttpWorkerConfig {
    require(name != null && !name.isBlank(), "name is empty");
    String where = "endpoint '" + name + "': ";
    require(baseUrl != null, where + "base_url is missing");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    require(scheme.equals("http") || scheme.equals("https"), where + "base_url must be http or https, was " + baseUrl);
    require(baseUrl.getHost() != null, where + "base_url has no host: " + baseUrl);
    // Credentials in a URL end up in logs and Spark UIs; the key has its own source.
    require(baseUrl.getRawUserInfo() == null, where + "base_url must not carry credentials; use api_key_env or api_key_file");
    require(baseUrl.getRawQuery() == null && baseUrl.getRawFragment() == null,
        where + "base_url must not have a query or fragment");
    require(model != null && !model.isBlank(), where + "model is empty");
    require(backend != null, where + "backend is missing");
    requirePositive(where + "connect_timeout", connectTimeout);
    requirePositive(where + "request_timeout", requestTimeout);
    require(retry != null, where + "retry policy is missing");
    require(maxConcurrency >= 1, where + "max_concurrency must be >= 1, was " + maxConcurrency);
    apiKey = apiKey == null ? ApiKeySource.none() : apiKey;
    baseUrl = withoutTrailingSlash(baseUrl);
  }

  /** An endpoint whose chat template is not known (scoring takes text prompts only). */
  public HttpWorkerConfig(String name, URI baseUrl, String model, Backend backend, Duration connectTimeout,
      Duration requestTimeout, RetryPolicy retry, int maxConcurrency, ApiKeySource apiKey) {
    this(name, baseUrl, model, backend, connectTimeout, requestTimeout, retry, maxConcurrency, apiKey, null);
  }

  /** An endpoint with default timeouts, retries and concurrency, and no API key. */
  public static HttpWorkerConfig of(String name, String baseUrl, String model, Backend backend) {
    return new HttpWorkerConfig(name, URI.create(baseUrl), model, backend, DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT, RetryPolicy.DEFAULT, DEFAULT_MAX_CONCURRENCY, ApiKeySource.none());
  }

  /** The same endpoint serving another model; the name is what the client's messages call it. */
  public HttpWorkerConfig withModel(String newName, String newModel) {
    return new HttpWorkerConfig(newName, baseUrl, newModel, backend, connectTimeout, requestTimeout, retry, maxConcurrency, apiKey, chatTemplate);
  }

  public HttpWorkerConfig withRetry(RetryPolicy newRetry) {
    return new HttpWorkerConfig(name, baseUrl, model, backend, connectTimeout, requestTimeout, newRetry, maxConcurrency, apiKey, chatTemplate);
  }

  public HttpWorkerConfig withTimeouts(Duration connect, Duration request) {
    return new HttpWorkerConfig(name, baseUrl, model, backend, connect, request, retry, maxConcurrency, apiKey, chatTemplate);
  }

  public HttpWorkerConfig withMaxConcurrency(int n) {
    return new HttpWorkerConfig(name, baseUrl, model, backend, connectTimeout, requestTimeout, retry, n, apiKey, chatTemplate);
  }

  public HttpWorkerConfig withApiKey(ApiKeySource source) {
    return new HttpWorkerConfig(name, baseUrl, model, backend, connectTimeout, requestTimeout, retry, maxConcurrency, source,
        chatTemplate);
  }

  /** The same endpoint with the served model's chat template (from its tokenizer_config.json). */
  public HttpWorkerConfig withChatTemplate(ChatTemplate template) {
    return new HttpWorkerConfig(name, baseUrl, model, backend, connectTimeout, requestTimeout, retry, maxConcurrency, apiKey,
        template);
  }

  URI resolve(String path) {
    return URI.create(baseUrl + path);
  }

  private static URI withoutTrailingSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
  }

  private static void requirePositive(String what, Duration d) {
    require(d != null && !d.isNegative() && !d.isZero(), what + " must be positive, was " + d);
  }

  static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }
}
