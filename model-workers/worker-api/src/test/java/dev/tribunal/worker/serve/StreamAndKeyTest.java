package dev.tribunal.worker.serve;

import static dev.tribunal.worker.serve.ServerTest.HTTP;
import static dev.tribunal.worker.serve.ServerTest.JSON;
import static dev.tribunal.worker.serve.ServerTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.http.ApiKeySource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-sent events as OpenAI streams them, and the bearer API key, read off the raw wire. */
class StreamAndKeyTest {
  static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":6,\"seed\":5,"
      + "\"logprobs\":true,\"top_logprobs\":2";

  @TempDir Path tmp;

  /** The JSON events of a stream; fails unless it ends with data: [DONE]. */
  static List<JsonNode> events(OpenAiServer s, String path, String body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> answer = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<String> data = answer.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertEquals("[DONE]", data.get(data.size() - 1));
    List<JsonNode> out = new ArrayList<>();
    for (String d : data.subList(0, data.size() - 1)) out.add(JSON.readTree(d));
    return out;
  }

  @Test
  void chatChunksConcatenateToThePlainReplyWithTheirLogprobs() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode plain = post(s, "/v1/chat/completions", CHAT + "}").body().path("choices").path(0);
      List<JsonNode> chunks = events(s, "/v1/chat/completions", CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
      StringBuilder text = new StringBuilder();
      List<JsonNode> logprobs = new ArrayList<>();
      for (JsonNode c : chunks.subList(0, chunks.size() - 1)) {
        assertEquals("chat.completion.chunk", c.path("object").asText());
        text.append(c.path("choices").path(0).path("delta").path("content").asText(""));
        c.path("choices").path(0).path("logprobs").path("content").forEach(logprobs::add);
      }
      assertEquals("assistant", chunks.get(0).path("choices").path(0).path("delta").path("role").asText());
      assertEquals(plain.path("message").path("content").asText(), text.toString());
      assertEquals(plain.path("logprobs").path("content").toString(), JSON.valueToTree(logprobs).toString());
      assertEquals("length", chunks.get(chunks.size() - 2).path("choices").path(0).path("finish_reason").asText());
      JsonNode usage = chunks.get(chunks.size() - 1);
      assertTrue(usage.path("choices").isEmpty(), usage.toString());
      assertEquals(6, usage.path("usage").path("completion_tokens").asInt());
    }
  }

  @Test
  void completionChunksStartWithTheEchoedPrompt() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      String body = "{\"prompt\":\"ab\",\"echo\":true,\"max_tokens\":3,\"seed\":1,\"logprobs\":1,\"stream\":true}";
      List<JsonNode> chunks = events(s, "/v1/completions", body);
      assertEquals("ab", chunks.get(0).path("choices").path(0).path("text").asText());
      assertEquals("[0,1]", chunks.get(0).path("choices").path(0).path("logprobs").path("text_offset").toString());
      assertEquals("[2]", chunks.get(1).path("choices").path(0).path("logprobs").path("text_offset").toString());
      assertEquals(5, chunks.size(), "the prompt, 3 tokens, the finish");
      assertFalse(chunks.get(4).path("choices").path(0).path("finish_reason").isNull());
    }
  }

  @Test
  void aKeyIsRequiredOnV1RoutesAndCheckedButHealthStaysOpen() throws Exception {
    Path key = Files.writeString(tmp.resolve("key"), "s3cret-key\n");
    ServeOptions options = ServeOptions.loopback().withApiKey(ApiKeySource.file(key.toString()));
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), options)) {
      assertEquals(401, call(s, null).statusCode());
      HttpResponse<String> wrong = call(s, "Bearer s3cret-kex");
      assertEquals(401, wrong.statusCode());
      assertEquals("invalid_api_key", JSON.readTree(wrong.body()).path("error").path("code").asText());
      assertFalse(wrong.body().contains("s3cret"), "the key is never echoed");
      assertEquals(200, call(s, "Bearer s3cret-key").statusCode());
      assertEquals(200, ServerTest.call(s, "GET", "/health", null).status());
    }
  }

  @Test
  void bindingBeyondLoopbackWithoutAKeyIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OpenAiServer.start(new FakeWorker(), ServeOptions.of("0.0.0.0", 0)));
    assertTrue(e.getMessage().contains("an API key is required"), e.getMessage());
  }

  private static HttpResponse<String> call(OpenAiServer s, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/models")).GET();
    if (authorization != null) b.header("Authorization", authorization);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
