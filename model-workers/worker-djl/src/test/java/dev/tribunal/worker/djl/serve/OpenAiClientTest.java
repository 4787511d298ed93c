package dev.tribunal.worker.djl.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.LoadedModel;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.djl.TinyModels;
import dev.tribunal.worker.http.ApiKeySource;
import dev.tribunal.worker.serve.OpenAiServer;
import dev.tribunal.worker.serve.ServeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java client against our server over a tiny real model. */
class OpenAiClientTest {
  static final String KEY = "sk-tribunal-test-key";
  static final String ASK = "Name three colours.";

  @TempDir static Path tmp;
  static LoadedModel model;
  static DjlModelWorker worker;
  static OpenAiServer server;
  static OpenAIClient client;

  @BeforeAll
  static void serve() throws Exception {
    model = TinyModels.loaded(tmp, TinyModels.config(), 31);
    worker = new DjlModelWorker(model, new RuntimeOptions(8, 256));
    Path key = Files.writeString(tmp.resolve("api-key"), KEY + "\n");
    server = OpenAiServer.start(worker, ServeOptions.loopback().withApiKey(ApiKeySource.file(key.toString())));
    client = client(KEY);
  }

  @AfterAll
  static void close() {
    server.close();
    worker.close();
    model.close();
  }

  static OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1").apiKey(key).maxRetries(0).build();
  }

  static ChatCompletionCreateParams.Builder chat() {
    return ChatCompletionCreateParams.builder().model(server.modelName()).addUserMessage(ASK).maxCompletionTokens(12);
  }

  static CompletionCreateParams.Builder completion(String prompt) {
    return CompletionCreateParams.builder().model(server.modelName()).prompt(prompt).maxTokens(12);
  }

  @Test
  void chatStreamConcatenatesToTheSameTextAndUsageCountsTokens() {
    ChatCompletionCreateParams p = chat().temperature(0.9).seed(42).build();
    ChatCompletion plain = client.chat().completions().create(p);
    String text = plain.choices().get(0).message().content().orElseThrow();
    ChatCompletionCreateParams streamed = p.toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    StringBuilder joined = new StringBuilder();
    CompletionUsage[] usage = new CompletionUsage[1];
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(streamed)) {
      stream.stream().forEach(chunk -> {
        chunk.choices().forEach(c -> c.delta().content().ifPresent(joined::append));
        chunk.usage().ifPresent(u -> usage[0] = u);
      });
    }
    assertEquals(text, joined.toString());
    CompletionUsage u = plain.usage().orElseThrow();
    assertEquals(model.tokenizer().encodePrompt(Prompt.user(ASK)).length, u.promptTokens());
    assertTrue(u.completionTokens() >= 1 && u.completionTokens() <= 12, u.toString());
    assertEquals(u.promptTokens() + u.completionTokens(), u.totalTokens());
    assertEquals(u.totalTokens(), usage[0].totalTokens(), "the stream's usage chunk counts the same");
  }

  @Test
  void completionStreamConcatenatesToTheSameText() {
    CompletionCreateParams p = completion("Once upon a time").temperature(0.0).build();
    String text = client.completions().create(p).choices().get(0).text();
    String joined;
    try (StreamResponse<Completion> stream = client.completions().createStreaming(p)) {
      joined = stream.stream().flatMap(c -> c.choices().stream()).map(CompletionChoice::text).collect(Collectors.joining());
    }
    assertTrue(!text.isEmpty());
    assertEquals(text, joined);
  }

  @Test
  void chatLogprobsNameTokensByTextWithBytesAndTheTrueTopK() {
    ChatCompletion reply = client.chat().completions().create(chat().temperature(0.0).logprobs(true).topLogprobs(3).build());
    ChatCompletion.Choice choice = reply.choices().get(0);
    List<ChatCompletionTokenLogprob> content = choice.logprobs().orElseThrow().content().orElseThrow();
    assertEquals(choice.message().content().orElseThrow(),
        content.stream().map(ChatCompletionTokenLogprob::token).collect(Collectors.joining()));
    assertEquals(reply.usage().orElseThrow().completionTokens(), content.size());
    for (ChatCompletionTokenLogprob t : content) {
      assertTrue(!t.token().startsWith("token_id:"), t.token());
      assertEquals(utf8(t.token()), t.bytes().orElseThrow());
      List<ChatCompletionTokenLogprob.TopLogprob> top = t.topLogprobs();
      assertEquals(3, top.size());
      for (int i = 1; i < top.size(); i++) assertTrue(top.get(i - 1).logprob() >= top.get(i).logprob(), "sorted");
      assertEquals(top.get(0).token(), t.token(), "greedy picks the likeliest token");
      assertEquals(top.get(0).logprob(), t.logprob(), 1e-6);
    }
  }

  @Test
  void sampledCompletionLogprobsHoldTheTopKAndTheSampledToken() {
    CompletionCreateParams p = completion("The sky is").temperature(1.0).seed(11).logprobs(3).n(2).build();
    Completion reply = client.completions().create(p);
    assertEquals(2, reply.choices().size());
    for (CompletionChoice choice : reply.choices()) {
      CompletionChoice.Logprobs lp = choice.logprobs().orElseThrow();
      List<String> tokens = lp.tokens().orElseThrow();
      assertEquals(choice.text(), String.join("", tokens));
      List<CompletionChoice.Logprobs.TopLogprob> top = lp.topLogprobs().orElseThrow();
      for (int i = 0; i < tokens.size(); i++) {
        var alternatives = top.get(i)._additionalProperties();
        assertTrue(alternatives.size() == 3 || alternatives.size() == 4, "3 likeliest, and the sampled token");
        double sampled = lp.tokenLogprobs().orElseThrow().get(i);
        assertEquals(sampled, alternatives.get(tokens.get(i)).convert(Double.class), 1e-6);
        double best = alternatives.values().stream().mapToDouble(v -> v.convert(Double.class)).max().orElseThrow();
        assertTrue(sampled <= best);
      }
    }
  }

  @Test
  void echoWithoutGenerationAlignsTokensOffsetsAndLogprobs() {
    String prompt = "The cat sat on the mat.";
    CompletionChoice choice = client.completions().create(completion(prompt).echo(true).maxTokens(0).logprobs(2).build())
        .choices().get(0);
    CompletionChoice.Logprobs lp = choice.logprobs().orElseThrow();
    List<String> tokens = lp.tokens().orElseThrow();
    List<Long> offsets = lp.textOffset().orElseThrow();
    List<Double> values = lp.tokenLogprobs().orElseThrow();
    assertEquals(prompt, choice.text());
    assertEquals(prompt, String.join("", tokens));
    assertEquals(tokens.size(), offsets.size());
    assertEquals(tokens.size(), values.size());
    for (int i = 0; i < tokens.size(); i++) assertEquals(prompt.indexOf(tokens.get(i), offsets.get(i).intValue()), offsets.get(i));
    assertNull(values.get(0), "the first token is unscored, as OpenAI");
    float[] scored = worker.score(List.of(new ScoreRequest(Prompt.text(""), prompt))).get(0).tokenLogprobs();
    for (int i = 1; i < values.size(); i++) assertEquals(scored[i], values.get(i), 1e-5);
  }

  @Test
  void stopStringsEndTheTextBeforeTheFirstMatch() {
    String full = client.completions().create(completion("Colours:").temperature(0.0).build()).choices().get(0).text();
    assertTrue(full.length() >= 3, full);
    String stop = full.substring(2, 3);
    CompletionChoice cut = client.completions().create(completion("Colours:").temperature(0.0)
        .stop(CompletionCreateParams.Stop.ofStrings(List.of("never-seen", stop))).build()).choices().get(0);
    assertEquals(full.substring(0, full.indexOf(stop)), cut.text());
    assertEquals(CompletionChoice.FinishReason.STOP, cut.finishReason());
  }

  @Test
  void aMissingOrWrongKeyIsRefused() throws Exception {
    UnauthorizedException wrong = assertThrows(UnauthorizedException.class,
        () -> client("sk-wrong").completions().create(completion("x").build()));
    assertEquals(401, wrong.statusCode());
    // The official client will not send a request without a key, so the missing key goes by hand.
    HttpResponse<String> missing = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, missing.statusCode());
    assertTrue(missing.body().contains("\"code\":\"invalid_api_key\""), missing.body());
    assertEquals(server.modelName(), client.models().list().data().get(0).id());
  }

  private static List<Long> utf8(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    Long[] out = new Long[b.length];
    for (int i = 0; i < b.length; i++) out[i] = (long) (b[i] & 0xff);
    return List.of(out);
  }
}
