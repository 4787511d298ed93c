package dev.tribunal.jobs.config;

import dev.tribunal.jobs.seed.SeedSettings;

/**
 * The whole configuration: one immutable tree, validated at construction. Each section checks
 * its own values and names the key it rejects; defaults live in tribunal-defaults.yaml.
 */
public record TribunalConfig(RunConfig run, SparkConfig spark, InputConfig input, ModelsConfig models,
    RolesConfig roles, WorldConfig world, MetaRewardingConfig metaRewarding, RlaifConfig rlaif, BondConfig bond, SeedSettings seed) {
  public TribunalConfig {
    Check.notNull("run", run);
    Check.notNull("spark", spark);
    Check.notNull("input", input);
    Check.notNull("models", models);
    Check.notNull("roles", roles);
    Check.notNull("world", world);
    Check.notNull("meta_rewarding", metaRewarding);
    Check.notNull("rlaif", rlaif);
    Check.notNull("bond", bond);
    Check.notNull("seed", seed);
    if (models.backendKind() == ModelsConfig.Backend.HTTP && metaRewarding.dpo().endOfTurn()) {
      throw new ConfigException("meta_rewarding.dpo.end_of_turn: must be false with models.backend: http; an"
          + " OpenAI-compatible server does not expose the tokenizer's end-of-turn token to score");
    }
  }

  /** The roles with "auto" templates resolved against the model (see {@link RolesConfig#resolved}). */
  public RolesConfig resolvedRoles() {
    return roles.resolved(models.declaredRoleForm());
  }
}
