package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A /v1/completions reply: one choice per prompt and sample, in index order once sorted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompletionReply(String id, String object, Long created, String model, List<Choice> choices,
    Usage usage) {

  /** One completion; logprobs and finish_reason are written even when null, as OpenAI does. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Choice(Integer index, String text, Logprobs logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  /**
   * Per token position, in parallel lists. An echo's first token has a null log-prob on servers
   * that cannot score it (vLLM), and a null top_logprobs entry.
   *
   * @param topLogprobs per position, token text to log-prob
   * @param textOffset  per position, where the token starts in the choice's text
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Logprobs(
      List<String> tokens,
      @JsonProperty("token_logprobs") List<Number> tokenLogprobs,
      @JsonProperty("top_logprobs") List<Map<String, Number>> topLogprobs,
      @JsonProperty("text_offset") List<Integer> textOffset) {}
}
