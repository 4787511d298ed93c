package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.Optional;

/** A judge pair, or the reason there is none. Exactly one of the two is set. */
public record JudgePairOutcome(JudgePair pair, JudgePairDrop dropReason) {

  public JudgePairOutcome {
    if ((pair == null) == (dropReason == null)) {
      throw new IllegalArgumentException("exactly one of pair and dropReason must be set");
    }
  }

  static JudgePairOutcome selected(JudgePair pair) {
    return new JudgePairOutcome(pair, null);
  }

  public static JudgePairOutcome dropped(JudgePairDrop reason) {
    return new JudgePairOutcome(null, reason);
  }

  public boolean isSelected() {
    return pair != null;
  }

  public Optional<JudgePair> selectedPair() {
    return Optional.ofNullable(pair);
  }
}
