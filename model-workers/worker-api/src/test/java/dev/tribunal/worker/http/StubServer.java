package dev.tribunal.worker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server that answers from a script, one reply per request, repeating the last
 * reply when the script runs out, and records what it was sent.
 */
final class StubServer implements AutoCloseable {

  /** One scripted answer; hang means never answer (until the server closes). */
  record Reply(int status, Map<String, String> headers, String body, boolean hang) {
    static Reply json(int status, String body) {
      return new Reply(status, Map.of(), body, false);
    }

    static Reply withHeader(int status, String header, String value, String body) {
      return new Reply(status, Map.of(header, value), body, false);
    }

    static Reply never() {
      return new Reply(0, Map.of(), "", true);
    }
  }

  /** What a request carried. */
  record Received(String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  interface Handler {
    Reply answer(Received request) throws Exception;
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Reply last;
  private volatile Handler handler;

  private StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "stub-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  static StubServer scripted(Reply... replies) throws IOException {
    StubServer s = new StubServer();
    s.script.addAll(List.of(replies));
    return s;
  }

  static StubServer handling(Handler handler) throws IOException {
    StubServer s = new StubServer();
    s.handler = handler;
    return s;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> received() {
    return received;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Received r = new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      received.add(r);
      Reply reply = next(r);
      if (reply.hang()) {
        closing.await(60, TimeUnit.SECONDS);
        return;
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (Exception e) {
      if (e instanceof IOException io) throw io;
      throw new IOException(e);
    }
  }

  private Reply next(Received r) throws Exception {
    if (handler != null) return handler.answer(r);
    Reply reply = script.poll();
    if (reply == null) return last;
    last = reply;
    return reply;
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
