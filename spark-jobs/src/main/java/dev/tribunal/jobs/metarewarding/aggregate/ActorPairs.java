package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Actor pair selection with length control (spec section 1, step 3).
 *
 * <p>Over the eligible candidates of one prompt, with {@code Smin} their lowest score and
 * {@code Smax} the highest of those that may be chosen (a response writing a verdict of its own
 * may only be rejected):
 * <ul>
 *   <li>chosen = the shortest response with {@code S >= (1-ρ)·Smax + ρ·Smin};</li>
 *   <li>rejected = the longest response with {@code S <= (1-ρ)·Smin + ρ·Smax}.</li>
 * </ul>
 * Equal lengths inside a tier are ordered by the {@link TieBreak} knob.
 *
 * <p>ρ = 0 turns length control off: the tiers shrink to the responses scoring exactly
 * {@code Smax} and exactly {@code Smin}, and length is <em>not</em> consulted at all; the tie-break
 * knob alone picks among equal best (and equal worst) responses. This is plain best against
 * worst, and it is what the public Meta-Rewarding implementation does at ρ = 0. Any ρ > 0 ranks
 * inside a tier by length first, then by the knob.
 */
public final class ActorPairs {

  private ActorPairs() {
  }

  /** Selects the actor pair of one prompt from all its scored responses. */
  public static ActorPairOutcome select(List<ActorCandidate> candidates, ActorPairConfig config) {
    List<ActorCandidate> eligible = eligible(candidates);
    if (eligible.size() < 2) {
      return ActorPairOutcome.dropped(ActorPairDrop.TOO_FEW_CANDIDATES);
    }
    double min = eligible.stream().mapToDouble(ActorCandidate::score).min().orElseThrow();
    if (eligible.stream().allMatch(c -> c.score() == min)) {
      return ActorPairOutcome.dropped(ActorPairDrop.ALL_SCORES_EQUAL);
    }
    // Smax is the best score a chosen response may have: a response speaking for the judge is
    // rejected or left out, never the top of the chosen tier.
    double max = eligible.stream().filter(ActorCandidate::mayBeChosen).mapToDouble(ActorCandidate::score)
        .max().orElse(min);
    if (max == min) {
      return ActorPairOutcome.dropped(ActorPairDrop.ONLY_INJECTION_ON_TOP);
    }
    double rho = config.rho();
    // Clamped so that rounding can never push a threshold past the extreme it must admit:
    // the best response is always in the chosen tier, the worst always in the rejected tier.
    double chosenFloor = Math.min(max, (1 - rho) * max + rho * min);
    double rejectedCeiling = Math.max(min, (1 - rho) * min + rho * max);
    ActorCandidate chosen = first(eligible, c -> c.mayBeChosen() && c.score() >= chosenFloor, tierOrder(config, true));
    ActorCandidate rejected = first(eligible, c -> c.score() <= rejectedCeiling, tierOrder(config, false));
    if (chosen == rejected) {
      return ActorPairOutcome.dropped(ActorPairDrop.SAME_RESPONSE);
    }
    if (chosen.score() <= rejected.score()) {
      return ActorPairOutcome.dropped(ActorPairDrop.CHOSEN_NOT_BETTER);
    }
    return ActorPairOutcome.selected(new ActorPair(chosen.id(), rejected.id(),
        chosen.score(), rejected.score(), chosen.length(), rejected.length(),
        config.lengthUnit(), rho));
  }

  /** The best pick of a tier: the first, in order, of the candidates in it. */
  private static ActorCandidate first(List<ActorCandidate> candidates, java.util.function.Predicate<ActorCandidate> tier,
      Comparator<ActorCandidate> order) {
    return candidates.stream().filter(tier).min(order).orElseThrow();
  }

  private static List<ActorCandidate> eligible(List<ActorCandidate> candidates) {
    Set<String> ids = new HashSet<>();
    List<ActorCandidate> eligible = new ArrayList<>(candidates.size());
    for (ActorCandidate candidate : candidates) {
      if (!ids.add(candidate.id())) {
        throw new IllegalArgumentException("duplicate response id among actor candidates: " + candidate.id());
      }
      if (candidate.eligible()) {
        eligible.add(candidate);
      }
    }
    return eligible;
  }

  /** Best pick first: by length when length control is on, then by the tie-break knob. */
  private static Comparator<ActorCandidate> tierOrder(ActorPairConfig config, boolean shortestFirst) {
    Comparator<ActorCandidate> tieBreak = switch (config.tieBreak()) {
      case LOWEST_VARIANCE_THEN_ID -> Comparator.comparingDouble(ActorCandidate::variance)
          .thenComparing(ActorCandidate::id);
      case BY_ID -> Comparator.comparing(ActorCandidate::id);
    };
    if (!config.lengthControlled()) {
      return tieBreak;
    }
    Comparator<ActorCandidate> byLength = Comparator.comparingInt(ActorCandidate::length);
    return (shortestFirst ? byLength : byLength.reversed()).thenComparing(tieBreak);
  }
}
