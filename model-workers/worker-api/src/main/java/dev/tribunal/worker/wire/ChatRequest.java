package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A POST /v1/chat/completions body; the server renders the messages with the model's chat
 * template. Null fields are not sent. The extensions are those of {@link CompletionRequest}.
 *
 * @param sampling    n, max_tokens, temperature and the rest, written inline
 * @param logprobs    whether the chosen tokens' log-probs come back
 * @param topLogprobs the alternatives wanted per position; needs logprobs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(
    String model,
    List<Message> messages,
    @JsonUnwrapped SamplingFields sampling,
    Boolean logprobs,
    @JsonProperty("top_logprobs") Integer topLogprobs,
    @JsonProperty("return_tokens_as_token_ids") Boolean returnTokensAsTokenIds,
    List<String> candidates) {}
