package dev.tribunal.worker.http;

/**
 * A call to an OpenAI-compatible server that failed for good: after the retries the policy
 * allowed, or at once where retrying cannot help (bad request, auth, quota). The message names the
 * endpoint, the backend, the URL and what the server said, with any API key scrubbed out.
 */
public final class BackendException extends RuntimeException {

  /** status for a failure with no HTTP answer (connection refused, timeout, broken response). */
  public static final int NO_STATUS = 0;

  private final String endpoint;
  private final String backend;
  private final int status;
  private final boolean retryable;
  private final int attempts;

  BackendException(String endpoint, String backend, int status, boolean retryable, int attempts,
      String message, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
    this.backend = backend;
    this.status = status;
    this.retryable = retryable;
    this.attempts = attempts;
  }

  /** The configured endpoint (role) name. */
  public String endpoint() {
    return endpoint;
  }

  public String backend() {
    return backend;
  }

  /** The last HTTP status, or {@link #NO_STATUS}. */
  public int status() {
    return status;
  }

  /** Whether the last failure was of a kind worth retrying (it was, until attempts or time ran out). */
  public boolean retryable() {
    return retryable;
  }

  public int attempts() {
    return attempts;
  }

  /** How servers word a prompt longer than the model's context (OpenAI, vLLM, SGLang, TGI, llama.cpp). */
  private static final java.util.regex.Pattern OVERFLOW = java.util.regex.Pattern.compile(
      "context_length_exceeded|maximum context length|context (size|window|length)|exceeds? the (available )?context"
          + "|tokens \\+ `?max_new_tokens`? must be", java.util.regex.Pattern.CASE_INSENSITIVE);

  /** Whether the server refused the request because its prompt does not fit the model's context. */
  public boolean isContextOverflow() {
    return (status == 400 || status == 413) && getMessage() != null && OVERFLOW.matcher(getMessage()).find();
  }
}
