package dev.tribunal.worker.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible HTTP server over any {@link ModelWorker}, or over several models chosen by
 * the request's {@code model} field ({@link ServedModels}): POST /v1/completions,
 * POST /v1/chat/completions, GET /v1/models, GET /health. Model calls run one at a time, across
 * all models (see {@link SerialWorker}). The server does not own its workers: closing the server
 * leaves them open.
 * With an API key in the options every /v1 route wants it as a bearer token; without one the
 * server binds to loopback only (see {@link BearerAuth}).
 *
 * <pre>{@code
 * try (OpenAiServer server = OpenAiServer.start(worker, ServeOptions.of("127.0.0.1", 8000))) {
 *   System.out.println("listening on " + server.port());
 *   server.awaitClose();
 * }
 * }</pre>
 */
public final class OpenAiServer implements AutoCloseable {
  static final long CLOSE_GRACE_MS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final HttpServer server;
  private final ExecutorService threads;
  private final ServedModels models;
  private final Object modelCalls = new Object();
  private final long created = System.currentTimeMillis() / 1000;
  private final int maxBodyBytes;
  private final BearerAuth auth;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger inFlight = new AtomicInteger();

  private OpenAiServer(ServedModels models, ServeOptions options) throws IOException {
    this.models = models;
    this.maxBodyBytes = options.maxBodyBytes();
    InetSocketAddress bind = new InetSocketAddress(options.host(), options.port());
    this.auth = BearerAuth.of(options.apiKey(), bind, System::getenv);
    this.server = HttpServer.create(bind, 0);
    this.threads = Executors.newFixedThreadPool(options.threads(), named());
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Binds (port 0: any free port), starts serving and returns at once. */
  public static OpenAiServer start(ModelWorker worker, ServeOptions options) {
    String name = options.modelName() != null ? options.modelName() : worker.modelVersion();
    return start(ServedModels.of(worker, name), options);
  }

  /** Serves every model of models under its name (options.modelName() is not used). */
  public static OpenAiServer start(ServedModels models, ServeOptions options) {
    try {
      OpenAiServer s = new OpenAiServer(models, options);
      LOG.info("serving model '{}' on http://{}:{} ({})", models.defaultName(), s.host(), s.port(),
          s.auth.required() ? "API key required" : "no API key");
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve on " + options.host() + ":" + options.port(), e);
    }
  }

  /** The bound port (the real one when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  /** The model a request without a model field gets. */
  public String modelName() {
    return models.defaultName();
  }

  /** Blocks until {@link #close()} (for a command that serves until stopped). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /**
   * Lets requests in flight finish (for at most {@link #CLOSE_GRACE_MS}), then stops. The server's
   * own stop(delay) would wait out the whole delay whenever a client keeps an idle connection.
   */
  @Override
  public void close() {
    long until = System.currentTimeMillis() + CLOSE_GRACE_MS;
    while (inFlight.get() > 0 && System.currentTimeMillis() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stop(0);
    threads.shutdownNow();
    closed.countDown();
  }

  private void handle(HttpExchange exchange) {
    inFlight.incrementAndGet();
    try (exchange) {
      try {
        auth.check(exchange);
        Object reply = route(exchange);
        if (reply instanceof EventStream events) {
          sendEvents(exchange, events);
        } else {
          send(exchange, 200, reply);
        }
      } catch (ApiError e) {
        send(exchange, e.status, e.toBody());
      } catch (IllegalArgumentException e) {
        // The worker refused the input (a prompt too long, a candidate that is not one token).
        send(exchange, 400, ApiError.badRequest(e.getMessage()).toBody());
      } catch (RuntimeException e) {
        LOG.warn("request {} failed", exchange.getRequestURI().getPath(), e);
        send(exchange, 500, new ApiError(500, "server_error", null, null, "the model worker failed: " + e).toBody());
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.toString());
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private Object route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    return switch (path) {
      case "/health" -> get(exchange, JsonNodeFactory.instance.objectNode().put("status", "ok"));
      case "/v1/models" -> get(exchange, models());
      case Wire.COMPLETIONS, Wire.CHAT -> answer(path, post(exchange));
      default -> throw ApiError.notFound("not_found", "no route " + exchange.getRequestMethod() + " " + path);
    };
  }

  /** A model route, answered by the model the body names (the default when it names none). */
  private Object answer(String path, JsonNode body) {
    String name = body.path("model").isTextual() ? body.get("model").asText() : models.defaultName();
    try {
      return models.call(name, worker -> {
        ModelWorker serial = new SerialWorker(worker, modelCalls);
        return path.equals(Wire.CHAT) ? new ChatRoute(serial, name).answer(body)
            : new CompletionsRoute(serial, name).answer(body);
      });
    } catch (ServedModels.UnknownModelException e) {
      throw ApiError.notFound("model_not_found", e.getMessage());
    }
  }

  private static ObjectNode get(HttpExchange exchange, ObjectNode reply) {
    requireMethod(exchange, "GET");
    return reply;
  }

  private JsonNode post(HttpExchange exchange) throws IOException {
    requireMethod(exchange, "POST");
    byte[] body = readBody(exchange);
    try {
      JsonNode json = MAPPER.readTree(body);
      if (json == null || json.isMissingNode()) throw ApiError.badRequest("request body is empty; expected a JSON object");
      return json;
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiError.badRequest("request body is not valid JSON: " + e.getOriginalMessage() + at);
    }
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        throw new ApiError(413, "invalid_request_error", null, null, "request body is larger than " + maxBodyBytes + " bytes");
      }
      return body;
    }
  }

  private static void requireMethod(HttpExchange exchange, String method) {
    if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
      exchange.getResponseHeaders().add("Allow", method);
      throw new ApiError(405, "invalid_request_error", null, "method_not_allowed",
          exchange.getRequestURI().getPath() + " takes " + method + ", not " + exchange.getRequestMethod());
    }
  }

  private ObjectNode models() {
    ObjectNode reply = JsonNodeFactory.instance.objectNode().put("object", "list");
    var data = reply.putArray("data");
    for (String name : models.names()) {
      data.addObject().put("id", name).put("object", "model").put("created", created).put("owned_by", "tribunal");
    }
    return reply;
  }

  /** Writes a wire record (or a tree, for the small GET answers) as the JSON body. */
  private static void send(HttpExchange exchange, int status, Object reply) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(reply);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Server-sent events, as OpenAI streams: "data: JSON" per event, then "data: [DONE]". Each event
   * is flushed, so a client reads it as it comes.
   */
  private static void sendEvents(HttpExchange exchange, EventStream events) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0); // chunked: the length is not known up front
    try (OutputStream out = exchange.getResponseBody()) {
      for (Object event : events.events()) {
        out.write(DATA);
        out.write(MAPPER.writeValueAsBytes(event));
        out.write(END_OF_EVENT);
        out.flush();
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static java.util.concurrent.ThreadFactory named() {
    AtomicInteger n = new AtomicInteger();
    return r -> new Thread(r, "tribunal-serve-" + n.incrementAndGet());
  }
}
