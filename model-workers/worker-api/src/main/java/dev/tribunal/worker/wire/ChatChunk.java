package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One server-sent event of a streamed /v1/chat/completions reply ("chat.completion.chunk"): each
 * choice carries a delta of its message. With stream_options.include_usage a last chunk with no
 * choices carries the usage.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatChunk(String id, String object, Long created, String model, List<Choice> choices, Usage usage) {

  /** logprobs and finish_reason are written even when null, as OpenAI does. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Choice(Integer index, Delta delta, ChatReply.Logprobs logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  /** What this chunk adds to the message: the role first, then pieces of content. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Delta(String role, String content) {}
}
