package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.wire.CompletionReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/completions. Text prompts (one or a list), sampled by the worker. echo with max_tokens
 * 0 returns each prompt's token log-probs: ModelWorker.score of the prompt as the continuation of
 * an empty text prompt, so a prompt's first token is scored after whatever the worker renders for
 * an empty prompt (BOS for Llama tokenizers).
 */
record CompletionsRoute(ModelWorker worker, String model) {
  /** OpenAI's documented default for max_tokens on this route. */
  static final int DEFAULT_MAX_TOKENS = 16;
  static final int MAX_LOGPROBS = 20;

  CompletionReply answer(JsonNode body) {
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
    List<CompletionReply.Choice> choices = s.maxTokens() == 0
        ? echoOnly(prompts, s.n(), promptLogprobs)
        : generated(prompts, s, echo, logprobs, candidates, promptLogprobs);
    return new CompletionReply(Replies.id("cmpl"), "text_completion", Replies.now(), model, choices, null);
  }

  /**
   * Samples n completions per prompt; with echo each text, and its log-probs, start with the prompt's.
   *
   * @param logprobs        the logprobs field; null for none
   * @param promptLogprobs  per prompt, its tokens' log-probs when echoed with logprobs, else null
   */
  private List<CompletionReply.Choice> generated(List<String> prompts, Sampling s, boolean echo, Integer logprobs,
      List<String> candidates, List<float[]> promptLogprobs) {
    List<List<Completion>> completions = worker.generate(prompts.stream()
        .map(p -> new GenerateRequest(Prompt.text(p), s.params(logprobs != null))).toList());
    List<Map<String, Double>> alternatives = Candidates.logprobs(worker, prompts.stream().map(Prompt::text).toList(), candidates);
    List<CompletionReply.Choice> choices = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      List<Completion> forPrompt = Replies.exactly(completions.get(i), s.n());
      for (int j = 0; j < s.n(); j++) {
        Completion c = forPrompt.get(j);
        CompletionReply.Logprobs lp = null;
        if (logprobs != null) {
          float[] prefix = promptLogprobs == null ? new float[0] : promptLogprobs.get(i);
          lp = WireLogprobs.completion(prefix, Replies.withLogprobs(c), logprobs > 0, alternatives.get(i));
        }
        choices.add(new CompletionReply.Choice(i * s.n() + j, (echo ? prompts.get(i) : "") + c.text(), lp,
            c.finishReason().wire()));
      }
    }
    return choices;
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

  private static List<CompletionReply.Choice> echoOnly(List<String> prompts, int n, List<float[]> promptLogprobs) {
    List<CompletionReply.Choice> choices = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      CompletionReply.Logprobs lp = promptLogprobs == null ? null : WireLogprobs.echo(promptLogprobs.get(i));
      for (int j = 0; j < n; j++) choices.add(new CompletionReply.Choice(i * n + j, prompts.get(i), lp, "length"));
    }
    return choices;
  }
}
