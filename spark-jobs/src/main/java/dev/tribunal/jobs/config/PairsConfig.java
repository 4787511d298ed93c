package dev.tribunal.jobs.config;

import dev.tribunal.jobs.metarewarding.aggregate.ActorPairConfig;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePairConfig;
import dev.tribunal.jobs.metarewarding.aggregate.TieBreak;
import dev.tribunal.schemas.LengthUnit;
import java.util.List;

/**
 * Pair selection (meta_rewarding.pairs).
 *
 * @param rho length control ρ of iteration t is rho[t]; the last value repeats for later ones
 * @param lengthUnit what lengths count, tokens or chars (recorded on every pair)
 * @param tieBreak order of equally good picks: lowest_variance_then_id or by_id
 * @param dropSameScore drop a judge pair whose two judgments gave the same score
 * @param judgmentLengthCap drop a judge pair whose chosen judgment is longer (0: no cap)
 */
public record PairsConfig(List<Double> rho, String lengthUnit, String tieBreak,
    boolean dropSameScore, int judgmentLengthCap) {
  public PairsConfig {
    if (rho == null || rho.isEmpty()) throw new ConfigException("meta_rewarding.pairs.rho: needs at least one value");
    rho = List.copyOf(rho);
    for (int i = 0; i < rho.size(); i++) {
      Check.range("meta_rewarding.pairs.rho[" + i + "]", rho.get(i), 0.0, 1.0);
    }
    Check.oneOf("meta_rewarding.pairs.length_unit", lengthUnit, LengthUnit.class);
    Check.oneOf("meta_rewarding.pairs.tie_break", tieBreak, TieBreak.class);
    Check.range("meta_rewarding.pairs.judgment_length_cap", judgmentLengthCap, 0, Integer.MAX_VALUE - 1);
  }

  public double rhoAt(int iteration) {
    return rho.get(Math.min(iteration, rho.size() - 1));
  }

  public LengthUnit unit() {
    return Check.oneOf("meta_rewarding.pairs.length_unit", lengthUnit, LengthUnit.class);
  }

  public ActorPairConfig actor(int iteration) {
    return new ActorPairConfig(rhoAt(iteration), unit(),
        Check.oneOf("meta_rewarding.pairs.tie_break", tieBreak, TieBreak.class));
  }

  public JudgePairConfig judge() {
    int cap = judgmentLengthCap == 0 ? JudgePairConfig.NO_LENGTH_CAP : judgmentLengthCap;
    return new JudgePairConfig(dropSameScore, cap, JudgePairConfig.DEFAULT_RATING_TIE_TOLERANCE);
  }
}
