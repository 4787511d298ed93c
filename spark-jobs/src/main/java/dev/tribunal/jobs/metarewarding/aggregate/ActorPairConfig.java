package dev.tribunal.jobs.metarewarding.aggregate;

import dev.tribunal.schemas.LengthUnit;
import java.io.Serializable;
import java.util.Objects;

/**
 * Knobs of actor pair selection.
 *
 * @param rho        length control ρ in [0, 1]; 0 turns it off
 * @param lengthUnit what candidate lengths count (recorded on every pair)
 * @param tieBreak   order inside a tier once score tier and length have spoken
 */
public record ActorPairConfig(double rho, LengthUnit lengthUnit, TieBreak tieBreak) implements Serializable {

  public ActorPairConfig {
    if (!(rho >= 0 && rho <= 1)) {
      throw new IllegalArgumentException("actor pair rho must be in [0, 1], got " + rho);
    }
    Objects.requireNonNull(lengthUnit, "actor pair lengthUnit");
    Objects.requireNonNull(tieBreak, "actor pair tieBreak");
  }

  /** Length control off: plain best against worst. */
  public static ActorPairConfig bestVersusWorst(LengthUnit lengthUnit, TieBreak tieBreak) {
    return new ActorPairConfig(0, lengthUnit, tieBreak);
  }

  public boolean lengthControlled() {
    return rho > 0;
  }
}
