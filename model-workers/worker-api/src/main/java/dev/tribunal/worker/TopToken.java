package dev.tribunal.worker;

/**
 * A token the model rated at one position: its id, its text as it would read there, and its
 * log-probability under the unmodified distribution (temperature 1, no truncation).
 */
public record TopToken(int id, String text, float logprob) {}
