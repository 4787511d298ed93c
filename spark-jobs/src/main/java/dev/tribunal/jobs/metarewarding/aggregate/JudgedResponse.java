package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A response with all its judgments, in judgment order (the order fixes player indices).
 *
 * @param responseId the response's id
 * @param judgments  every judgment of it, parse failures included
 */
public record JudgedResponse(String responseId, List<ScoredJudgment> judgments) {

  public JudgedResponse {
    Objects.requireNonNull(responseId, "response id");
    judgments = List.copyOf(judgments);
    Set<String> ids = new HashSet<>();
    for (ScoredJudgment judgment : judgments) {
      if (!ids.add(judgment.id())) {
        throw new IllegalArgumentException("response " + responseId + ": duplicate judgment id " + judgment.id());
      }
    }
  }
}
