package dev.tribunal.jobs.metarewarding.aggregate;

import java.util.Objects;

/**
 * A response of the actor, scored by the judge, as a possible member of an actor pair.
 *
 * <p>Only responses with a valid {@link ResponseScore} become candidates at all; the flags
 * exclude a scored response from pairs without hiding it from counts.
 *
 * @param id             the response's id
 * @param score          {@code S(y)}, the mean valid judge score
 * @param variance       {@code Var(y)}, the population variance of the valid judge scores
 * @param length         response length, in the unit named by {@link ActorPairConfig#lengthUnit()}
 * @param truncated      the response hit the token limit (finish reason {@code length})
 * @param templateLeak   the response leaks chat-template markers
 * @param duplicate      an earlier response to the same prompt has exactly the same text
 * @param injection      the response writes a verdict line or a judge delimiter of its own: it may
 *                       be rejected, never chosen, so no pair teaches the actor to speak for the judge
 */
public record ActorCandidate(String id, double score, double variance, int length,
               boolean truncated, boolean templateLeak, boolean duplicate, boolean injection) {

  public ActorCandidate {
    Objects.requireNonNull(id, "response id");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("response " + id + ": score must be finite, got " + score);
    }
    if (!(variance >= 0) || Double.isInfinite(variance)) {
      throw new IllegalArgumentException("response " + id + ": variance must be finite and >= 0, got " + variance);
    }
    if (length < 0) {
      throw new IllegalArgumentException("response " + id + ": length must be >= 0, got " + length);
    }
  }

  /** A clean candidate built from its judge score. */
  public static ActorCandidate of(String id, ResponseScore score, int length) {
    return new ActorCandidate(id, score.mean(), score.variance(), length, false, false, false, false);
  }

  /** Whether the response may be chosen or rejected. */
  public boolean eligible() {
    return !truncated && !templateLeak && !duplicate;
  }

  /** Whether the response may be the chosen one. */
  public boolean mayBeChosen() {
    return eligible() && !injection;
  }
}
