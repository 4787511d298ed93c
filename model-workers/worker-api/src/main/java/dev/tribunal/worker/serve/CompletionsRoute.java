package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/completions. Text prompts (one or a list), sampled by the worker. echo with max_tokens
 * 0 returns each prompt's token log-probs: ModelWorker.score of the prompt as the continuation of
 * an empty text prompt, so a prompt's first token is scored after whatever the worker renders for
 * an empty prompt (BOS for Llama tokenizers).
 */
final class CompletionsRoute {
  /** OpenAI's documented default for max_tokens on this route. */
  static final int DEFAULT_MAX_TOKENS = 16;
  static final int MAX_LOGPROBS = 20;

  private final ModelWorker worker;
  private final String model;

  CompletionsRoute(ModelWorker worker, String model) {
    this.worker = worker;
    this.model = model;
  }

  ObjectNode answer(JsonNode body) {
    Fields f = new Fields(body);
    Sampling.checkRequest(f, model);
    List<String> prompts = prompts(f);
    boolean echo = f.bool("echo", false);
    Integer logprobs = f.has("logprobs") ? f.integer("logprobs", 0, 0, MAX_LOGPROBS) : null;
    Sampling s = Sampling.read(f, "max_tokens", DEFAULT_MAX_TOKENS, echo ? 0 : 1, worker.capabilities());
    List<String> candidates = Candidates.read(f, logprobs != null, worker.capabilities());
    if (echo && logprobs != null && !worker.capabilities().promptLogprobs()) {
      throw ApiError.badField("echo", "this model cannot return prompt log-probs");
    }
    List<float[]> promptLogprobs = echo && logprobs != null ? promptLogprobs(prompts) : null;
    ObjectNode reply = Replies.envelope("cmpl", "text_completion", model);
    ArrayNode choices = reply.putArray("choices");
    if (s.maxTokens() == 0) {
      echoOnly(choices, prompts, s.n(), promptLogprobs);
      return reply;
    }
    List<List<Completion>> completions = worker.generate(prompts.stream()
        .map(p -> new GenerateRequest(Prompt.text(p), s.params(logprobs != null))).toList());
    List<Map<String, Double>> alternatives = Candidates.logprobs(worker, prompts.stream().map(Prompt::text).toList(), candidates);
    for (int i = 0; i < prompts.size(); i++) {
      List<Completion> forPrompt = Replies.exactly(completions.get(i), s.n());
      for (int j = 0; j < s.n(); j++) {
        Completion c = forPrompt.get(j);
        ObjectNode choice = choices.addObject().put("index", i * s.n() + j)
            .put("text", (echo ? prompts.get(i) : "") + c.text());
        if (logprobs == null) {
          choice.putNull("logprobs");
        } else {
          float[] prefix = promptLogprobs == null ? new float[0] : promptLogprobs.get(i);
          choice.set("logprobs", LogprobsJson.completion(prefix, Replies.withLogprobs(c), logprobs > 0, alternatives.get(i)));
        }
        choice.put("finish_reason", c.finishReason().wire());
      }
    }
    return reply;
  }

  private static List<String> prompts(Fields f) {
    if (!f.has("prompt")) throw ApiError.badField("prompt", "is required");
    List<String> prompts = f.stringOrList("prompt");
    if (prompts.isEmpty()) throw ApiError.badField("prompt", "must not be an empty list");
    return prompts;
  }

  private List<float[]> promptLogprobs(List<String> prompts) {
    List<ScoreResult> scores = worker.score(prompts.stream().map(p -> new ScoreRequest(Prompt.text(""), p)).toList());
    return scores.stream().map(ScoreResult::tokenLogprobs).toList();
  }

  private static void echoOnly(ArrayNode choices, List<String> prompts, int n, List<float[]> promptLogprobs) {
    for (int i = 0; i < prompts.size(); i++) {
      for (int j = 0; j < n; j++) {
        ObjectNode choice = choices.addObject().put("index", i * n + j).put("text", prompts.get(i));
        if (promptLogprobs == null) choice.putNull("logprobs");
        else choice.set("logprobs", LogprobsJson.echo(promptLogprobs.get(i)));
        choice.put("finish_reason", "length");
      }
    }
  }
}
