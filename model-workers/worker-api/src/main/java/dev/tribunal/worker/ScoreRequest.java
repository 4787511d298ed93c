package dev.tribunal.worker;

/**
 * A prompt and a continuation to score. The boundary between them is found in token space: the
 * continuation's tokens are those of render(prompt)+continuation past the prompt's tokens.
 *
 * @param endOfTurn the continuation is a whole assistant turn: its end-of-turn token (the
 *     tokenizer's eos token) is scored after it, so a response's log-prob includes stopping
 *     there, and an empty response still has a token (as preference trainers such as TRL append
 *     eos to chosen and rejected). Needs the model's tokenizer: only in-process workers have it.
 * @param topLogprobs how many of the most likely tokens to report at each scored position (0: none)
 */
public record ScoreRequest(Prompt prompt, String continuation, boolean endOfTurn, int topLogprobs) {
  public ScoreRequest {
    if (topLogprobs < 0) throw new IllegalArgumentException("top_logprobs must be >= 0, was " + topLogprobs);
  }

  public ScoreRequest(Prompt prompt, String continuation, boolean endOfTurn) {
    this(prompt, continuation, endOfTurn, 0);
  }

  public ScoreRequest(Prompt prompt, String continuation) {
    this(prompt, continuation, false);
  }
}
