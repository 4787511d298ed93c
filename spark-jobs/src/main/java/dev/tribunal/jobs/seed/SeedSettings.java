package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.eval.GoldEvaluation;

/**
 * The configuration's seed section: what tribunal seed builds, except the world, which is the
 * world section's (its families and levels), so that the seed is built where the loop runs, and the
 * labeling prompts, which are the rlaif section's, so that the seed learns what tribunal label asks.
 * Bound like every other section; the defaults rebuild models/seed.
 */
public record SeedSettings(long seed, SeedConfig.Architecture architecture, SeedConfig.Phase instructionPhase,
    SeedConfig.Phase mixedPhase, SeedConfig.Mix mix, SeedConfig.Phase feedbackPhase, SeedConfig.Feedback feedback,
    GoldEvaluation.Sizes evaluation) {
  public SeedSettings {
    // No part can be null: the defaults name every one, and the shape check refuses a null mapping.
    // Checked here too, so that the refusal comes at binding, with the key, like every other.
    SeedConfig.requireTraining(instructionPhase, mixedPhase);
  }

  /** What the builder takes: these settings in the given world, learning the given labeling prompts. */
  public SeedConfig config(WorldConfig world, RlaifConfig rlaif) {
    return new SeedConfig(seed, architecture, SeedConfig.World.of(world), instructionPhase, mixedPhase, mix,
        feedbackPhase, feedback, Labeling.of(rlaif), evaluation);
  }
}
