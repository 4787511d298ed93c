package dev.tribunal.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.Capabilities.Need;
import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.wire.Wire;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A {@link ModelWorker} backed by an OpenAI-compatible server. Each item of a batch is one HTTP
 * request; a batch is sent concurrently, up to the endpoint's bound for this JVM. Safe to call
 * from several threads (the bound is shared).
 *
 * <p>What differs from the in-JVM runtime, by the nature of the API:
 * <ul>
 *   <li>{@link Completion#tokenIds()} is null unless the server returns tokens as ids (vLLM's
 *       return_tokens_as_token_ids and our server, when log-probs were asked for).
 *   <li>score() sends text: the OpenAI API returns prompt log-probs only for text completions, so
 *       a chat prompt is rendered here with the served model's chat template (given in the
 *       config; without one a chat prompt is refused). The continuation's tokens are counted in
 *       token space (see {@code Replies.score}).
 *   <li>nextTokenLogprobs() reads the top alternatives at the first position; a candidate outside
 *       them is absent from the result, never zero. Candidates match tokens by exact text.
 *   <li>Which distribution generated tokens' log-probs come from is the server's choice; they agree
 *       with score() only where the server reports raw log-probs (vLLM: --logprobs-mode).
 * </ul>
 */
public final class HttpModelWorker implements ModelWorker {

  private final HttpWorkerConfig config;
  private final Transport transport;
  private final Requests requests;
  private final Fanout fanout;

  /** Every part of the client follows from the endpoint's config; the API key is read here, once. */
  private HttpModelWorker(HttpWorkerConfig config, UnaryOperator<String> getenv, Clock clock, Sleeper sleeper,
      DoubleSupplier jitter) {
    this.config = config;
    this.transport = new Transport(config, config.apiKey().read(getenv), clock, sleeper, jitter);
    this.requests = new Requests(config.model(), config.backend());
    this.fanout = new Fanout(config.maxConcurrency(), config.name());
  }

  /** A client for this endpoint; reads the API key now, from the environment or the file named in the config. */
  public static HttpModelWorker open(HttpWorkerConfig config) {
    return open(config, System::getenv, Clock.systemUTC(), Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** With the environment, clock, sleeper and jitter given, so retries can be tested without waiting. */
  static HttpModelWorker open(HttpWorkerConfig config, UnaryOperator<String> getenv, Clock clock, Sleeper sleeper,
      DoubleSupplier jitter) {
    return new HttpModelWorker(config, getenv, clock, sleeper, jitter);
  }

  @Override
  public String modelVersion() {
    return config.model();
  }

  @Override
  public Capabilities capabilities() {
    return config.backend().capabilities();
  }

  public HttpWorkerConfig config() {
    return config;
  }

  @Override
  public List<List<Completion>> generate(List<GenerateRequest> batch) {
    batch.forEach(r -> check(r.params()));
    return fanout.map(batch, r -> {
      try {
        return call(Requests.path(r.prompt()), requests.generate(r.prompt(), r.params()),
            reply -> Replies.completions(reply, r.prompt().isChat(), r.params().n(), r.params().logprobs()));
      } catch (BackendException e) {
        if (!e.isContextOverflow()) throw e;
        return java.util.Collections.nCopies(r.params().n(), Completion.contextOverflow());
      }
    });
  }

  @Override
  public List<ScoreResult> score(List<ScoreRequest> batch) {
    config.backend().require(config.name(), Need.PROMPT_LOGPROBS);
    for (ScoreRequest r : batch) {
      if (r.endOfTurn()) {
        throw new IllegalArgumentException("endpoint '" + config.name() + "' (backend " + config.backend().name()
            + "): scoring a turn with its end-of-turn token needs the model's tokenizer, which an OpenAI-compatible"
            + " server does not expose; score the continuation alone");
      }
      if (r.prompt().isChat() && config.chatTemplate() == null) {
        throw new IllegalArgumentException("endpoint '" + config.name() + "' (backend " + config.backend().name()
            + "): scoring a chat prompt needs the served model's chat template: OpenAI-compatible servers return"
            + " prompt log-probs only for text completions, so the client renders chat with the template of the"
            + " model's tokenizer_config.json; none was given for this endpoint");
      }
    }
    int generated = config.backend().scoreMaxTokens();
    return fanout.map(batch, r -> call(Wire.COMPLETIONS, requests.score(text(r.prompt()), r.continuation()),
        reply -> Replies.score(reply, generated)));
  }

  @Override
  public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> batch) {
    config.backend().require(config.name(), Need.NEXT_TOKEN_LOGPROBS);
    return fanout.map(batch, r -> {
      try {
        return call(Requests.path(r.prompt()), requests.nextToken(r.prompt(), r.candidates()),
            reply -> candidates(Replies.firstTopLogprobs(reply, r.prompt().isChat()), r.candidates()));
      } catch (BackendException e) {
        if (!e.isContextOverflow()) throw e;
        return NextTokenResult.overflow();
      }
    });
  }

  /** The OpenAI API has no reward route, so no profile offers rewards and this refuses before sending. */
  @Override
  public List<Double> reward(List<ScoreRequest> batch) {
    config.backend().require(config.name(), Need.REWARD);
    throw new UnsupportedOperationException("endpoint '" + config.name() + "' (backend " + config.backend().name()
        + "): the OpenAI-compatible API has no route for rewards");
  }

  @Override
  public void close() {
    fanout.close();
  }

  @Override
  public String toString() {
    return "HttpModelWorker" + config;
  }

  /**
   * The prompt as text: chat through the model's own template with the assistant's generation
   * prompt, as the in-JVM runtime renders it, so both score the continuation after the same string.
   */
  private String text(Prompt prompt) {
    return prompt.isChat() ? config.chatTemplate().render(prompt.messages(), true) : prompt.text();
  }

  /** Refuses, before anything is sent, what this backend cannot do as asked. */
  private void check(SamplingParams p) {
    Backend b = config.backend();
    if (p.n() > 1) b.require(config.name(), Need.MULTIPLE_COMPLETIONS);
    if (p.temperature() > 0) b.require(config.name(), Need.SEEDS);
    if (p.topK() > 0 && !b.topK()) refuse("top_k", "set top_k to 0");
    if (!p.stopTokenIds().isEmpty() && !b.stopTokenIds()) refuse("stop_token_ids", "use stop strings");
  }

  private void refuse(String field, String advice) {
    throw new IllegalArgumentException("endpoint '" + config.name() + "': backend '" + config.backend().name()
        + "' does not take " + field + "; " + advice);
  }

  private <R> R call(String path, Object body, Function<JsonNode, R> read) {
    JsonNode reply = transport.post(path, body);
    try {
      return read.apply(reply);
    } catch (Replies.MalformedReply e) {
      throw new BackendException(config.name(), config.backend().name(), 200, false, 1,
          transport.redact("endpoint '" + config.name() + "' (backend " + config.backend().name() + "): reply from "
              + path + " is not usable: " + e.getMessage()), null);
    }
  }

  private static NextTokenResult candidates(Map<String, Double> top, List<String> candidates) {
    Map<String, Double> out = new HashMap<>();
    for (String c : candidates) {
      Double v = top.get(c);
      if (v != null) out.put(c, v);
    }
    return new NextTokenResult(out);
  }
}
