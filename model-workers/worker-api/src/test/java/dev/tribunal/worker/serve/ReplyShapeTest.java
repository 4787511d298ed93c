package dev.tribunal.worker.serve;

import static dev.tribunal.worker.serve.ServerTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The reply fields OpenAI writes as null stay in our replies, and ids name tokens as vLLM does. */
class ReplyShapeTest {

  @Test
  void aChoiceWithoutLogprobsSaysSoWithNull() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode reply = post(s, "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":2}").body();
      assertEquals("text_completion", reply.path("object").asText());
      assertTrue(reply.path("id").asText().startsWith("cmpl-"), reply.toString());
      assertTrue(reply.path("choices").path(0).path("logprobs").isNull(), reply.toString());
      assertTrue(reply.path("usage").isMissingNode(), "no usage is reported");
    }
  }

  @Test
  void chatLogprobsCarryTokenNamesAndNullBytes() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode reply = post(s, "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],"
          + "\"max_tokens\":1,\"temperature\":0,\"logprobs\":true,\"top_logprobs\":1}").body();
      JsonNode choice = reply.path("choices").path(0);
      assertEquals("assistant", choice.path("message").path("role").asText());
      JsonNode first = choice.path("logprobs").path("content").path(0);
      assertTrue(first.path("token").asText().startsWith("token_id:"), first.toString());
      assertTrue(first.path("bytes").isNull(), first.toString());
      assertEquals(first.path("token").asText(), first.path("top_logprobs").path(0).path("token").asText());
    }
  }

  @Test
  void errorsKeepTheirNullParamAndCode() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode error = post(s, "/v1/completions", "[1]").body().path("error");
      assertTrue(error.path("param").isNull() && error.path("code").isNull(), error.toString());
    }
  }
}
