package dev.tribunal.worker;

import java.util.List;

/**
 * Log-probabilities of candidate next tokens after a prompt (RLAIF's "1"/"2", direct scoring's
 * "1".."10"). Candidates are matched on token ids: each must encode to exactly one token.
 */
public record NextTokenRequest(Prompt prompt, List<String> candidates) {
  public NextTokenRequest {
    candidates = List.copyOf(candidates);
  }
}
