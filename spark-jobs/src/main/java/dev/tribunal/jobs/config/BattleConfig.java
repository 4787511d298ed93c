package dev.tribunal.jobs.config;

import dev.tribunal.jobs.metarewarding.aggregate.BattleWeighting;
import dev.tribunal.jobs.metarewarding.aggregate.WeightScope;

/**
 * How meta-judge battles become ratings (meta_rewarding.battle).
 *
 * @param weighting positional (ω-weighted wins, the paper) or consistency (a win counts only when
 *     it survives swapping the order)
 * @param weightScope over which battles ω is counted: per_response or per_iteration
 * @param ridge λ of the Bradley-Terry fit; small battle matrices are often separable without it
 * @param stripScores remove the Score: line from judgments shown to the meta-judge
 */
public record BattleConfig(String weighting, String weightScope, double ridge, boolean stripScores)
    implements java.io.Serializable {
  public BattleConfig {
    Check.oneOf("meta_rewarding.battle.weighting", weighting, BattleWeighting.class);
    Check.oneOf("meta_rewarding.battle.weight_scope", weightScope, WeightScope.class);
    if (!(ridge > 0) || ridge > 1e6) {
      throw new ConfigException("meta_rewarding.battle.ridge: " + ridge + " is out of range; allowed above 0 to 1000000");
    }
  }

  public BattleWeighting weightingKind() {
    return Check.oneOf("meta_rewarding.battle.weighting", weighting, BattleWeighting.class);
  }

  public WeightScope scope() {
    return Check.oneOf("meta_rewarding.battle.weight_scope", weightScope, WeightScope.class);
  }

  /** Whether ω must first be counted over the whole iteration. */
  public boolean needsIterationWeights() {
    return weightingKind() == BattleWeighting.POSITIONAL && scope() == WeightScope.PER_ITERATION;
  }
}
