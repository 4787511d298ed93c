package dev.tribunal.worker;

/**
 * A prompt and a continuation to score. The boundary between them is found in token space: the
 * continuation's tokens are those of render(prompt)+continuation past the prompt's tokens.
 */
public record ScoreRequest(Prompt prompt, String continuation) {}
