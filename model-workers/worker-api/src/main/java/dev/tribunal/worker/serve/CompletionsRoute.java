package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.TopToken;
import dev.tribunal.worker.wire.CompletionReply;
import dev.tribunal.worker.wire.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/completions. Text prompts (one or a list), sampled by the worker. With echo and
 * logprobs each prompt is scored (ModelWorker.score of the prompt after an empty text prompt, so
 * its first token follows whatever the worker renders for nothing, BOS for Llama tokenizers), and
 * its first token's log-prob is null, as OpenAI leaves it. Answers a {@link CompletionReply}, or
 * with stream: true an {@link EventStream} of chunks of the same shape.
 */
record CompletionsRoute(ModelWorker worker, String model) {
  /** OpenAI's documented default for max_tokens on this route. */
  static final int DEFAULT_MAX_TOKENS = 16;
  static final int MAX_LOGPROBS = 20;

  /** What a request asks beyond sampling; logprobs is null when not asked. */
  private record Ask(boolean echo, Integer logprobs, List<String> candidates, boolean asIds) {
    int top() {
      return logprobs == null ? 0 : logprobs;
    }
  }

  /** One choice's makings: its prompt, its prompt's scores (echo with logprobs) and its sample (none for max_tokens 0). */
  private record Parts(String prompt, ScoreResult echoed, Completion sampled, List<TopToken> candidates) {}

  Object answer(JsonNode body) {
    Fields f = new Fields(body);
    Sampling.checkRequest(f, model);
    List<String> prompts = prompts(f);
    boolean echo = f.bool("echo", false);
    Integer logprobs = f.has("logprobs") ? f.integer("logprobs", 0, 0, MAX_LOGPROBS) : null;
    Sampling s = Sampling.read(f, "max_tokens", DEFAULT_MAX_TOKENS, echo ? 0 : 1, worker.capabilities());
    Ask ask = new Ask(echo, logprobs, Candidates.read(f, logprobs != null, worker.capabilities()),
        f.bool("return_tokens_as_token_ids", false));
    if (echo && logprobs != null && !worker.capabilities().promptLogprobs()) {
      throw ApiError.badField("echo", "this model cannot return prompt log-probs");
    }
    Streaming stream = Streaming.read(f);
    List<List<Parts>> parts = parts(prompts, s, ask);
    List<CompletionReply.Choice> choices = new ArrayList<>();
    List<List<Piece>> pieces = new ArrayList<>();
    for (List<Parts> forPrompt : parts) {
      for (Parts p : forPrompt) {
        choices.add(choice(choices.size(), p, ask));
        pieces.add(pieces(p, ask));
      }
    }
    CompletionReply reply = new CompletionReply(Replies.id("cmpl"), "text_completion", Replies.now(), model, choices,
        usage(parts));
    return stream.on() ? Streams.completions(reply, pieces, stream.includeUsage()) : reply;
  }

  /** Per prompt, its n choices' makings: the worker is called once to sample and once to score. */
  private List<List<Parts>> parts(List<String> prompts, Sampling s, Ask ask) {
    List<ScoreResult> echoed = ask.echo() && ask.logprobs() != null ? promptLogprobs(prompts, ask.top())
        : Collections.nCopies(prompts.size(), null);
    List<List<Completion>> sampled = s.maxTokens() == 0
        ? Collections.nCopies(prompts.size(), Collections.nCopies(s.n(), null))
        : worker.generate(prompts.stream()
            .map(p -> new GenerateRequest(Prompt.text(p), s.params(ask.logprobs() != null, ask.top()))).toList());
    List<Prompt> asPrompts = prompts.stream().map(Prompt::text).toList();
    List<Map<String, Double>> candidates = Candidates.logprobs(worker, asPrompts, ask.candidates());
    List<List<Parts>> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      List<Completion> forPrompt = s.maxTokens() == 0 ? sampled.get(i) : Replies.exactly(sampled.get(i), s.n());
      List<TopToken> alternatives = Candidates.asTop(ask.candidates(), candidates.get(i));
      List<Parts> choices = new ArrayList<>();
      for (Completion c : forPrompt) choices.add(new Parts(prompts.get(i), echoed.get(i), c, alternatives));
      out.add(choices);
    }
    return out;
  }

  private static CompletionReply.Choice choice(int index, Parts p, Ask ask) {
    String generated = p.sampled() == null ? "" : p.sampled().text();
    String finish = p.sampled() == null ? "length" : p.sampled().finishReason().wire();
    return new CompletionReply.Choice(index, (ask.echo() ? p.prompt() : "") + generated, logprobs(p, ask), finish);
  }

  /** The echoed prompt's tokens, then the generated ones, text offsets counted in the choice's text. */
  private static CompletionReply.Logprobs logprobs(Parts p, Ask ask) {
    if (ask.logprobs() == null) return null;
    List<Position> positions = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    if (p.echoed() != null) {
      positions.addAll(Position.echoed(p.echoed(), ask.top()));
      offsets.addAll(Position.offsets(positions, 0));
    }
    if (p.sampled() != null) {
      List<Position> generated = Candidates.atFirst(Position.of(p.sampled(), ask.top()), p.candidates());
      positions.addAll(generated);
      offsets.addAll(Position.offsets(generated, ask.echo() ? p.prompt().length() : 0));
    }
    return WireLogprobs.completion(positions, offsets, ask.top() > 0 || !ask.candidates().isEmpty(), ask.asIds());
  }

  /** The echoed prompt as one piece, then the generated text token by token. */
  private static List<Piece> pieces(Parts p, Ask ask) {
    List<Piece> out = new ArrayList<>();
    int echoed = p.echoed() == null ? 0 : p.echoed().tokens();
    if (ask.echo()) out.add(new Piece(p.prompt(), 0, echoed));
    Completion c = p.sampled();
    if (c != null) out.addAll(Piece.split(c.text(), c.tokenTexts(), echoed, c.tokenIds() == null ? 0 : c.tokenIds().length));
    return out;
  }

  /** Each prompt counted once however many samples it had; null where the worker did not report a count. */
  private static Usage usage(List<List<Parts>> parts) {
    int prompt = 0;
    List<Completion> sampled = new ArrayList<>();
    for (List<Parts> forPrompt : parts) {
      Parts first = forPrompt.get(0);
      int tokens = first.sampled() != null ? first.sampled().promptTokens() : echoedTokens(first.echoed());
      if (tokens < 0) return null;
      prompt += tokens;
      forPrompt.stream().map(Parts::sampled).filter(c -> c != null).forEach(sampled::add);
    }
    return Replies.usage(prompt, Replies.generatedTokens(sampled));
  }

  /** A prompt scored after nothing: what preceded it (BOS) and its own tokens; -1 when unknown. */
  private static int echoedTokens(ScoreResult echoed) {
    return echoed == null || echoed.promptTokens() < 0 ? -1 : echoed.promptTokens() + echoed.tokens();
  }

  private static List<String> prompts(Fields f) {
    if (!f.has("prompt")) throw ApiError.badField("prompt", "is required");
    List<String> prompts = f.stringOrList("prompt");
    if (prompts.isEmpty()) throw ApiError.badField("prompt", "must not be an empty list");
    return prompts;
  }

  private List<ScoreResult> promptLogprobs(List<String> prompts, int top) {
    return worker.score(prompts.stream().map(p -> new ScoreRequest(Prompt.text(""), p, false, top)).toList());
  }
}
