package dev.tribunal.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.worker.wire.ErrorBody;
import dev.tribunal.worker.wire.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * POSTs JSON to one endpoint with timeouts, a per-JVM concurrency bound and retries: exponential
 * backoff with jitter, Retry-After honoured, bounded attempts and a total deadline. Bad requests,
 * auth failures and exhausted quotas fail at once, since sending them again cannot succeed.
 */
final class Transport {
  private static final System.Logger LOG = System.getLogger("dev.tribunal.worker.http");
  private static final int SNIPPET = 300;

  private final HttpWorkerConfig config;
  private final Optional<Secret> key;
  private final HttpClient http;
  private final Semaphore permits;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;
  private final ObjectMapper mapper = new ObjectMapper();

  Transport(HttpWorkerConfig config, Optional<Secret> key, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
    this.config = config;
    this.key = key;
    this.clock = clock;
    this.sleeper = sleeper;
    this.jitter = jitter;
    this.permits = EndpointPermits.forEndpoint(config.baseUrl(), config.maxConcurrency(), config.name());
    // HTTP/1.1: inference servers speak it everywhere; the h2c upgrade dance only costs a round trip.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** What one attempt ended with. */
  private sealed interface Outcome permits Answer, Failure {}

  private record Answer(JsonNode json) implements Outcome {}

  private record Failure(int status, boolean retryable, String detail, Optional<Duration> retryAfter, Throwable cause)
      implements Outcome {}

  /** POSTs a wire record (or any value Jackson writes) and returns the JSON answer. */
  JsonNode post(String path, Object body) {
    URI uri = config.resolve(path);
    byte[] json = write(body);
    Instant deadline = clock.instant().plus(config.retry().totalDeadline());
    for (int attempt = 1; ; attempt++) {
      Outcome outcome = attempt(uri, json, deadline);
      if (outcome instanceof Answer answer) return answer.json();
      waitOrThrow(uri, (Failure) outcome, attempt, deadline);
    }
  }

  /** Sleeps before the next attempt, or throws when the failure, attempts or deadline say stop. */
  private void waitOrThrow(URI uri, Failure failure, int attempt, Instant deadline) {
    Duration wait = failure.retryAfter().orElseGet(() -> config.retry().backoff(attempt, jitter.getAsDouble()));
    String stop = whyStop(failure, attempt, wait, deadline);
    if (stop != null) throw exception(uri, failure, attempt, stop);
    LOG.log(System.Logger.Level.WARNING, () -> describe(uri, failure) + "; retry " + attempt + " of "
        + (config.retry().maxAttempts() - 1) + " in " + wait.toMillis() + " ms");
    pause(uri, failure, attempt, wait);
  }

  private Outcome attempt(URI uri, byte[] json, Instant deadline) {
    Duration remaining = Duration.between(clock.instant(), deadline);
    if (remaining.isNegative() || remaining.isZero()) {
      return new Failure(BackendException.NO_STATUS, false, "total deadline passed", Optional.empty(), null);
    }
    Duration timeout = remaining.compareTo(config.requestTimeout()) < 0 ? remaining : config.requestTimeout();
    try {
      if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Failure(BackendException.NO_STATUS, true,
            "no free request slot (max_concurrency " + config.maxConcurrency() + ") within " + timeout, Optional.empty(), null);
      }
      try {
        return classify(http.send(request(uri, json, timeout), HttpResponse.BodyHandlers.ofString()));
      } finally {
        permits.release();
      }
    } catch (HttpTimeoutException e) {
      return new Failure(BackendException.NO_STATUS, true, "no answer within " + timeout, Optional.empty(), e);
    } catch (IOException e) {
      return new Failure(BackendException.NO_STATUS, true, "connection failed: " + e, Optional.empty(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failure(BackendException.NO_STATUS, false, "interrupted", Optional.empty(), e);
    }
  }

  private HttpRequest request(URI uri, byte[] json, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    key.ifPresent(k -> b.header("Authorization", "Bearer " + k.reveal()));
    return b.build();
  }

  private Outcome classify(HttpResponse<String> response) {
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      try {
        return new Answer(mapper.readTree(body));
      } catch (IOException e) {
        return new Failure(status, false, "answered " + status + " with a body that is not JSON: " + snippet(body),
            Optional.empty(), null);
      }
    }
    Optional<Duration> retryAfter =
        RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
    String detail = "answered " + status + ": " + serverMessage(body);
    if (status == 429 && isQuota(body)) {
      return new Failure(status, false, detail + " (quota exhausted)", Optional.empty(), null);
    }
    return new Failure(status, isTransient(status), detail, retryAfter, null);
  }

  /** Overload and server-side faults pass; 4xx other than 408/429 mean the request itself is wrong. */
  static boolean isTransient(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** A 429 that means "out of money", not "slow down": waiting will not fix it. */
  static boolean isQuota(String body) {
    String b = body.toLowerCase(Locale.ROOT);
    return b.contains("insufficient_quota") || b.contains("quota exceeded") || b.contains("quota_exceeded")
        || b.contains("exceeded your current quota");
  }

  private String whyStop(Failure f, int attempt, Duration wait, Instant deadline) {
    if (!f.retryable()) return "not retried";
    if (attempt >= config.retry().maxAttempts()) return "gave up after " + attempt + " attempts";
    if (clock.instant().plus(wait).isAfter(deadline)) {
      return "gave up after " + attempt + " attempts: waiting " + wait.toMillis()
          + " ms would pass the total deadline of " + config.retry().totalDeadline();
    }
    return null;
  }

  private void pause(URI uri, Failure failure, int attempt, Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw exception(uri, failure, attempt, "interrupted while waiting to retry");
    }
  }

  private BackendException exception(URI uri, Failure f, int attempts, String stop) {
    String message = redact(describe(uri, f) + "; " + stop);
    return new BackendException(config.name(), config.backend().name(), f.status(), f.retryable(), attempts,
        message, f.cause());
  }

  private String describe(URI uri, Failure f) {
    return redact("endpoint '" + config.name() + "' (backend " + config.backend().name() + "): POST " + uri + " "
        + f.detail());
  }

  /** The error text of an OpenAI-style error body, else the start of the raw body. */
  private String serverMessage(String body) {
    try {
      ErrorBody error = Wire.read(mapper.readTree(body), ErrorBody.class);
      if (error != null && error.error() != null && error.error().message() != null) {
        return snippet(error.error().message());
      }
    } catch (IOException | RuntimeException notOpenAiShaped) {
      // fall through to the raw body
    }
    return snippet(body);
  }

  private String snippet(String text) {
    String s = redact(text.strip());
    return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "...";
  }

  String redact(String text) {
    return key.map(k -> k.redact(text)).orElse(text);
  }

  private byte[] write(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise request body", e);
    }
  }
}
