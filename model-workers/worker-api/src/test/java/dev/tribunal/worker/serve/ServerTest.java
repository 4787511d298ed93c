package dev.tribunal.worker.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.worker.Capabilities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The server's own contract: routes, status codes and OpenAI-style errors naming the field. */
class ServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Answer(int status, JsonNode body) {
    String message() {
      return body.path("error").path("message").asText();
    }

    String param() {
      return body.path("error").path("param").asText(null);
    }
  }

  static Answer call(OpenAiServer s, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  static Answer post(OpenAiServer s, String path, String body) throws Exception {
    return call(s, "POST", path, body);
  }

  static void assertBadField(OpenAiServer s, String path, String body, String param, String text) throws Exception {
    Answer a = post(s, path, body);
    assertEquals(400, a.status(), a.body().toString());
    assertEquals("invalid_request_error", a.body().path("error").path("type").asText());
    assertEquals(param, a.param(), a.body().toString());
    assertTrue(a.message().contains(text), a.message());
  }

  @Test
  void badJsonIsA400ThatSaysWhere() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      Answer a = post(s, "/v1/completions", "{\"prompt\": \"hi\",");
      assertEquals(400, a.status());
      assertTrue(a.message().startsWith("request body is not valid JSON"), a.message());
      assertTrue(a.message().contains("line 1"), a.message());
      assertEquals(400, post(s, "/v1/completions", "{\"prompt\":\"a\"} trailing").status());
      assertEquals("request body must be a JSON object", post(s, "/v1/completions", "[1,2]").message());
    }
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      Answer missing = post(s, "/v1/embeddings", "{}");
      assertEquals(404, missing.status());
      assertEquals("no route POST /v1/embeddings", missing.message());
      assertEquals(405, call(s, "GET", "/v1/completions", null).status());
      assertEquals(405, post(s, "/health", "{}").status());
    }
  }

  @Test
  void healthAndModels() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback().withModelName("seed-0"))) {
      assertEquals("ok", call(s, "GET", "/health", null).body().path("status").asText());
      JsonNode models = call(s, "GET", "/v1/models", null).body();
      assertEquals("seed-0", models.path("data").path(0).path("id").asText());
      assertEquals("127.0.0.1", s.host(), "loopback by default");
      assertTrue(s.port() > 0, "port 0 reports the bound port");
    }
  }

  @Test
  void badFieldsAreNamed() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      assertBadField(s, "/v1/completions", "{}", "prompt", "is required");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"stream\":1}", "stream", "true or false");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"stream_options\":{}}", "stream_options", "needs stream");
      assertBadField(s, "/v1/completions", "{\"prompt\":[\"a\",3]}", "prompt[1]", "must be a string");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"temperature\":-1}", "temperature", "must be in [0.0, 2.0]");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"n\":1.5}", "n", "must be an integer");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"top_p\":0}", "top_p", "(0, 1]");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":0}", "max_tokens", "must be in 1..");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"logprobs\":21}", "logprobs", "must be in 0..20");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"echo\":\"yes\"}", "echo", "true or false");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"candidates\":[\"1\"]}", "candidates", "needs logprobs");
      assertBadField(s, "/v1/chat/completions", "{}", "messages", "is required");
      assertBadField(s, "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"robot\",\"content\":\"b\"}]}",
          "messages[1].role", "must be one of");
      assertBadField(s, "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\"}]}", "messages[0].content", "must be a string");
      assertBadField(s, "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"top_logprobs\":3}",
          "top_logprobs", "needs logprobs");
    }
  }

  @Test
  void capabilitiesTheWorkerLacksAreRefused() throws Exception {
    FakeWorker limited = new FakeWorker(new Capabilities(false, false, true, true));
    try (OpenAiServer s = OpenAiServer.start(limited, ServeOptions.loopback())) {
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"n\":2}", "n", "one completion per request");
      assertBadField(s, "/v1/completions", "{\"prompt\":\"a\",\"echo\":true,\"max_tokens\":0,\"logprobs\":1}", "echo",
          "cannot return prompt log-probs");
    }
  }

  @Test
  void workerRefusalsAre400AndWorkerFaults500() throws Exception {
    FakeWorker broken = new FakeWorker() {
      @Override
      public List<dev.tribunal.worker.ScoreResult> score(List<dev.tribunal.worker.ScoreRequest> r) {
        throw new IllegalStateException("weights not loaded");
      }
    };
    try (OpenAiServer s = OpenAiServer.start(broken, ServeOptions.loopback())) {
      Answer refused = post(s, "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":1,\"logprobs\":1,\"candidates\":[\"ab\"]}");
      assertEquals(400, refused.status());
      assertEquals("candidate 'ab' is not a single token", refused.message());
      Answer fault = post(s, "/v1/completions", "{\"prompt\":\"a\",\"echo\":true,\"max_tokens\":0,\"logprobs\":0}");
      assertEquals(500, fault.status());
      assertEquals("server_error", fault.body().path("error").path("type").asText());
      assertTrue(fault.message().contains("weights not loaded"), fault.message());
    }
  }

  @Test
  void echoWithGenerationPrefixesThePromptAndItsLogprobs() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode choice = post(s, "/v1/completions",
          "{\"prompt\":\"ab\",\"echo\":true,\"max_tokens\":2,\"temperature\":0,\"logprobs\":0}").body().path("choices").path(0);
      assertTrue(choice.path("text").asText().startsWith("ab"));
      JsonNode lp = choice.path("logprobs");
      assertEquals(4, lp.path("token_logprobs").size(), "2 prompt + 2 generated tokens");
      assertTrue(lp.path("token_logprobs").path(0).isNull(), "the first prompt token is unscored, as OpenAI");
      assertEquals(FakeWorker.logprob('a', 'b'), lp.path("token_logprobs").path(1).asDouble());
      assertEquals("a", lp.path("tokens").path(0).asText());
      assertEquals("b", lp.path("tokens").path(1).asText());
      assertEquals("[0,1,2,3]", lp.path("text_offset").toString(), "generated tokens start after the prompt");
    }
  }

  @Test
  void oversizedBodiesAre413() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), new ServeOptions("127.0.0.1", 0, null, 1024, 2))) {
      Answer a = post(s, "/v1/completions", "{\"prompt\":\"" + "x".repeat(2000) + "\"}");
      assertEquals(413, a.status());
    }
  }

  @Test
  void concurrentRequestsReachTheWorkerOneAtATime() throws Exception {
    FakeWorker slow = new FakeWorker();
    slow.callMillis = 20;
    try (OpenAiServer s = OpenAiServer.start(slow, ServeOptions.loopback())) {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/completions"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"p" + i + "\",\"max_tokens\":3}")).build();
        calls.add(HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> c : calls) assertEquals(200, c.get().statusCode());
      assertEquals(1, slow.peakInside.get());
    }
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> ServeOptions.of("127.0.0.1", 70000));
    assertThrows(IllegalArgumentException.class, () -> new ServeOptions(" ", 0, null, 4096, 1));
  }
}
