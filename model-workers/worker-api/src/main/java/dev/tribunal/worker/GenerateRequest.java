package dev.tribunal.worker;

/** A prompt and how to sample it; params.n() completions come back for it. */
public record GenerateRequest(Prompt prompt, SamplingParams params) {}
