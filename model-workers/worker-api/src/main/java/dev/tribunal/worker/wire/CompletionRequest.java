package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A POST /v1/completions body. Null fields are not sent, leaving the server's default.
 *
 * @param prompt       a string, or a list of strings for several prompts in one request
 * @param sampling     n, max_tokens, temperature and the rest, written inline
 * @param echo         whether each choice starts with its prompt (and, with logprobs, its log-probs)
 * @param logprobs     the alternatives wanted per position; servers differ on whether 0 still
 *                     returns the chosen tokens, 1 always does
 * @param returnTokensAsTokenIds vLLM's extension: tokens named "token_id:N" (see {@link Wire#tokenName})
 * @param candidates   our extension: next tokens whose log-probs join the first position's top_logprobs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionRequest(
    String model,
    Object prompt,
    Boolean echo,
    @JsonUnwrapped SamplingFields sampling,
    Integer logprobs,
    @JsonProperty("return_tokens_as_token_ids") Boolean returnTokensAsTokenIds,
    List<String> candidates) {}
