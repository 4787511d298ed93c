package dev.tribunal.worker.http;

import dev.tribunal.worker.Capabilities;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * What one kind of OpenAI-compatible server can do, and the few request fields where servers
 * differ. The client refuses a call the profile cannot serve instead of sending a request the
 * server would silently ignore (an unknown field is dropped by most servers, which would turn a
 * top_k or a stop token into a different experiment).
 *
 * @param name            the profile name used in configuration and in error messages
 * @param capabilities    what the server can do for the pipeline
 * @param topK            accepts top_k as an extra body field
 * @param stopTokenIds    accepts stop_token_ids as an extra body field
 * @param scoreMaxTokens  max_tokens for an echo request that only wants prompt log-probs: 0 where
 *                        the server allows it, else 1 (the one generated token is then dropped)
 * @param maxTopLogprobs  the most alternatives the server returns per position
 * @param tokenIdsAsText  accepts return_tokens_as_token_ids, so tokens come back as "token_id:N"
 * @param candidates      accepts our "candidates" field: log-probs of named next tokens, even
 *                        those outside the top-k (the tribunal server)
 */
public record Backend(
    String name,
    Capabilities capabilities,
    boolean topK,
    boolean stopTokenIds,
    int scoreMaxTokens,
    int maxTopLogprobs,
    boolean tokenIdsAsText,
    boolean candidates) implements Serializable {

  /** vLLM: prompt log-probs through echo with max_tokens 0, up to 20 log-probs by default. */
  public static final Backend VLLM = new Backend("vllm", Capabilities.ALL, true, true, 0, 20, true, false);
  /** SGLang: echo returns input log-probs but wants at least one generated token. */
  public static final Backend SGLANG = new Backend("sglang", Capabilities.ALL, true, true, 1, 20, false, false);
  /** Text Generation Inference: no prompt log-probs and no n on its OpenAI routes; top_n_tokens at most 5. */
  public static final Backend TGI =
      new Backend("tgi", new Capabilities(false, false, true, true), false, false, 1, 5, false, false);
  /** llama.cpp server: no prompt log-probs, one completion per request. */
  public static final Backend LLAMACPP =
      new Backend("llamacpp", new Capabilities(false, false, true, true), true, false, 1, 20, false, false);
  /** Any other server speaking the OpenAI API: only what the OpenAI API itself promises. */
  public static final Backend GENERIC =
      new Backend("generic", new Capabilities(false, true, true, true), false, false, 1, 5, false, false);
  /** Our own server (tribunal serve): everything, next-token log-probs through the top-k and candidates. */
  public static final Backend TRIBUNAL = new Backend("tribunal", Capabilities.ALL, true, true, 0, 20, true, true);

  public static final List<Backend> PROFILES = List.of(VLLM, SGLANG, TGI, LLAMACPP, GENERIC, TRIBUNAL);

  public Backend {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("backend name is empty");
    if (capabilities == null) throw new IllegalArgumentException("backend " + name + ": capabilities missing");
    if (scoreMaxTokens != 0 && scoreMaxTokens != 1) {
      throw new IllegalArgumentException("backend " + name + ": scoreMaxTokens must be 0 or 1, was " + scoreMaxTokens);
    }
    if (maxTopLogprobs < 1) {
      throw new IllegalArgumentException("backend " + name + ": maxTopLogprobs must be >= 1, was " + maxTopLogprobs);
    }
  }

  public static Backend byName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return PROFILES.stream()
        .filter(b -> b.name.equals(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + name + "', known: "
            + PROFILES.stream().map(Backend::name).toList()));
  }

  /** Fails at once, naming the role, this backend and the missing capability. */
  void require(String role, Capabilities.Need... needs) {
    capabilities.require(role, name, needs);
  }
}
