package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.eval.GoldEvaluation;

/**
 * The configuration's seed section: what tribunal seed builds, except the world, which is the
 * world section's (its families and levels), so that the seed is built where the loop runs.
 * Bound like every other section; the defaults rebuild models/seed.
 */
public record SeedSettings(long seed, SeedConfig.Architecture architecture, SeedConfig.Phase instructionPhase,
    SeedConfig.Phase mixedPhase, SeedConfig.Mix mix, GoldEvaluation.Sizes evaluation) {
  public SeedSettings {
    // No part can be null: the defaults name every one, and the shape check refuses a null mapping.
    // Checked here too, so that the refusal comes at binding, with the key, like every other.
    SeedConfig.requireTraining(instructionPhase, mixedPhase);
  }

  /** What the builder takes: these settings in the given world. */
  public SeedConfig config(WorldConfig world) {
    return new SeedConfig(seed, architecture, SeedConfig.World.of(world), instructionPhase, mixedPhase, mix,
        evaluation);
  }
}
