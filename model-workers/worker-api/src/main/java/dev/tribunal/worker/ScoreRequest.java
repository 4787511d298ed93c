package dev.tribunal.worker;

/**
 * A prompt and a continuation to score. The boundary between them is found in token space: the
 * continuation's tokens are those of render(prompt)+continuation past the prompt's tokens.
 *
 * @param endOfTurn the continuation is a whole assistant turn: its end-of-turn token (the
 *     tokenizer's eos token) is scored after it, so a response's log-prob includes stopping
 *     there, and an empty response still has a token (as preference trainers such as TRL append
 *     eos to chosen and rejected). Needs the model's tokenizer: only in-process workers have it.
 */
public record ScoreRequest(Prompt prompt, String continuation, boolean endOfTurn) {
  public ScoreRequest(Prompt prompt, String continuation) {
    this(prompt, continuation, false);
  }
}
