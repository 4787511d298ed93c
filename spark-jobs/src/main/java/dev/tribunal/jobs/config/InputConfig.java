package dev.tribunal.jobs.config;

/**
 * Prompt import rules. A prompt longer than maxPromptChars is rejected, not truncated: a cut
 * prompt would silently change the task.
 */
public record InputConfig(int maxPromptChars, boolean strict) {
  public InputConfig {
    Check.range("input.max_prompt_chars", maxPromptChars, 1, 10_000_000);
  }
}
