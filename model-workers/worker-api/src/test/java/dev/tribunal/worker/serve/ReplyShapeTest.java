package dev.tribunal.worker.serve;

import static dev.tribunal.worker.serve.ServerTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.TopToken;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reply fields OpenAI writes (null ones too), token texts, and ids naming tokens as vLLM does when asked. */
class ReplyShapeTest {

  @Test
  void aChoiceWithoutLogprobsSaysSoWithNull() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode reply = post(s, "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":2}").body();
      assertEquals("text_completion", reply.path("object").asText());
      assertTrue(reply.path("id").asText().startsWith("cmpl-"), reply.toString());
      assertTrue(reply.path("choices").path(0).path("logprobs").isNull(), reply.toString());
      assertEquals(1, reply.path("usage").path("prompt_tokens").asInt(), reply.toString());
      assertEquals(2, reply.path("usage").path("completion_tokens").asInt());
      assertEquals(3, reply.path("usage").path("total_tokens").asInt());
    }
  }

  @Test
  void chatLogprobsCarryTokenTextsBytesAndTheTrueTopK() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode reply = post(s, "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],"
          + "\"max_tokens\":1,\"temperature\":0,\"logprobs\":true,\"top_logprobs\":3}").body();
      JsonNode choice = reply.path("choices").path(0);
      assertEquals("assistant", choice.path("message").path("role").asText());
      JsonNode first = choice.path("logprobs").path("content").path(0);
      String text = choice.path("message").path("content").asText();
      assertEquals(text, first.path("token").asText(), "greedy: the one token is the text");
      assertEquals("[" + (int) text.charAt(0) + "]", first.path("bytes").toString());
      List<TopToken> expected = FakeWorker.top('>', 3); // the rendered prompt ends with "<assistant>"
      JsonNode top = first.path("top_logprobs");
      assertEquals(3, top.size());
      for (int i = 0; i < 3; i++) {
        assertEquals(expected.get(i).text(), top.path(i).path("token").asText());
        assertEquals(expected.get(i).logprob(), top.path(i).path("logprob").floatValue());
      }
      assertEquals(top.path(0).path("logprob").asDouble(), first.path("logprob").asDouble(), "greedy took the likeliest");
    }
  }

  @Test
  void tokensAreNamedByIdWhenTheClientAsksForIds() throws Exception {
    try (OpenAiServer s = OpenAiServer.start(new FakeWorker(), ServeOptions.loopback())) {
      JsonNode lp = post(s, "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":2,\"temperature\":0,\"logprobs\":2,"
          + "\"return_tokens_as_token_ids\":true}").body().path("choices").path(0).path("logprobs");
      assertTrue(lp.path("tokens").path(0).asText().matches("token_id:\\d+"), lp.toString());
      lp.path("top_logprobs").path(0).fieldNames().forEachRemaining(name -> assertTrue(name.startsWith("token_id:"), name));
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
