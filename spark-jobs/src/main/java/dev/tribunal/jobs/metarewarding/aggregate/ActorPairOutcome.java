package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.Optional;

/** An actor pair, or the reason there is none. Exactly one of the two is set. */
public record ActorPairOutcome(ActorPair pair, ActorPairDrop dropReason) {

  public ActorPairOutcome {
    if ((pair == null) == (dropReason == null)) {
      throw new IllegalArgumentException("exactly one of pair and dropReason must be set");
    }
  }

  static ActorPairOutcome selected(ActorPair pair) {
    return new ActorPairOutcome(pair, null);
  }

  static ActorPairOutcome dropped(ActorPairDrop reason) {
    return new ActorPairOutcome(null, reason);
  }

  public boolean isSelected() {
    return pair != null;
  }

  public Optional<ActorPair> selectedPair() {
    return Optional.ofNullable(pair);
  }
}
