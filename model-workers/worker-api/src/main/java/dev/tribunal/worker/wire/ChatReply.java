package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A /v1/chat/completions reply: one choice per sample, in index order once sorted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatReply(String id, String object, Long created, String model, List<Choice> choices, Usage usage) {

  /** One completion; logprobs and finish_reason are written even when null, as OpenAI does. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Choice(Integer index, Message message, Logprobs logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  /** The chosen tokens, one entry per position. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Logprobs(List<TokenLogprob> content) {}

  /**
   * A chosen token, its log-prob and the alternatives at its position. bytes (the token's UTF-8
   * bytes) is written even when null, as OpenAI does.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TokenLogprob(String token, Number logprob, List<Integer> bytes,
      @JsonProperty("top_logprobs") List<TopLogprob> topLogprobs) {}

  /** One alternative at a position. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TopLogprob(String token, Number logprob, List<Integer> bytes) {}
}
