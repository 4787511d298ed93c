package dev.tribunal.jobs.metarewarding.aggregate;

import dev.tribunal.schemas.LengthUnit;

/**
 * A selected actor pair: the chosen and rejected responses of one prompt.
 *
 * @param lengthUnit the unit both lengths are in
 * @param rho        the length control it was selected under
 */
public record ActorPair(String chosenId, String rejectedId,
                        double chosenScore, double rejectedScore,
                        int chosenLength, int rejectedLength,
                        LengthUnit lengthUnit, double rho) {
}
