package dev.tribunal.worker.serve;

import com.sun.net.httpserver.HttpExchange;
import dev.tribunal.worker.http.ApiKeySource;
import dev.tribunal.worker.http.Secret;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The server's API key, as vLLM's --api-key: every /v1 route wants "Authorization: Bearer KEY";
 * /health stays open for load balancers. The key is read once at start and never logged or echoed.
 */
final class BearerAuth {
  private static final String PREFIX = "Bearer ";

  private final Secret key; // null: no key, allowed on loopback only

  private BearerAuth(Secret key) {
    this.key = key;
  }

  /**
   * Reads the key; refuses to serve beyond loopback without one, since anyone who can reach the
   * port could then use (and exhaust) the model.
   */
  static BearerAuth of(ApiKeySource source, InetSocketAddress bind, UnaryOperator<String> getenv) {
    Optional<Secret> key = source.read(getenv);
    if (key.isEmpty() && (bind.isUnresolved() || !bind.getAddress().isLoopbackAddress())) {
      throw new IllegalArgumentException("serve: host " + bind.getHostString() + " is reachable from other machines,"
          + " so an API key is required: give one with --api-key-env NAME or --api-key-file PATH"
          + " (or bind to " + ServeOptions.LOOPBACK + ")");
    }
    return new BearerAuth(key.orElse(null));
  }

  boolean required() {
    return key != null;
  }

  /** Throws a 401 in OpenAI's shape unless the request presents the key. */
  void check(HttpExchange exchange) {
    if (key == null || exchange.getRequestURI().getPath().equals("/health")) return;
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    boolean bearer = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    if (bearer && key.matches(header.substring(PREFIX.length()).strip())) return;
    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
    throw new ApiError(401, "invalid_request_error", null, "invalid_api_key", header == null
        ? "You didn't provide an API key; send it as 'Authorization: Bearer KEY'"
        : "Incorrect API key provided");
  }
}
