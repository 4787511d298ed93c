package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The sampling fields chat and completions requests share, written inline in the request body.
 * Null fields are not sent, leaving the server's default.
 *
 * @param topK         vLLM's extension; 0 or -1 mean none
 * @param stopTokenIds vLLM's extension
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamplingFields(
    Integer n,
    @JsonProperty("max_tokens") Integer maxTokens,
    Double temperature,
    @JsonProperty("top_p") Double topP,
    Long seed,
    List<String> stop,
    @JsonProperty("top_k") Integer topK,
    @JsonProperty("stop_token_ids") List<Integer> stopTokenIds) {

  /** One greedy token, as asked when reading next-token log-probs. */
  public static SamplingFields oneGreedyToken() {
    return new SamplingFields(1, 1, 0.0, null, null, null, null, null);
  }
}
