package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.seed.SeedBuilder;
import dev.tribunal.jobs.seed.SeedConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "seed", mixinStandardHelpOptions = true,
    description = {
        "Build the embedded seed model from nothing: random weights, SFT on the task world's instruction,",
        "judge and meta-judge data, optionally a feedback phase on the model's own answers (RLAIF's pairwise",
        "label and direct rating, the judge; seed.feedback_phase.steps, 0 by default), an evaluation against",
        "gold on held-out prompts, and a model card.",
        "Writes a Hugging Face-layout checkpoint with lineage.json and MODEL_CARD.md; prints the figures.",
        "Settings: the configuration's seed section (seed, architecture, instruction_phase, mixed_phase, mix,",
        "feedback_phase, feedback, evaluation) in the world of its world section (families, min_level,",
        "max_level), with the rlaif section's labeling and rating prompts; tribunal config prints them all.",
        "E.g. --set seed.mixed_phase.steps=3000 --set seed.architecture.hidden=64",
        "--set world.families=[add,reverse].",
        "Progress goes to stderr. The defaults rebuild models/seed (about 40 minutes on 2 CPU cores)."})
final class SeedCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--out", defaultValue = "models/seed", paramLabel = "DIR",
      description = "Checkpoint directory to create; it must not exist. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--from", paramLabel = "DIR",
      description = {"Run only the feedback phase, from this checkpoint of the instruction and mixed phases (a seed",
          "built with --set seed.feedback_phase.steps=0, or one built before the feedback phase existed)."})
  Path from;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Override
  public Integer call() {
    SeedConfig config = config();
    SeedBuilder.Result r = new SeedBuilder(config, device, System.err).build(out, from);
    System.out.printf(Locale.ROOT, "seed model written to %s (training %s)%n", r.checkpoint(), clock(r.trainSeconds()));
    r.figures().lines().forEach(System.out::println);
    return ExitCodes.OK;
  }

  /** The builder's input: the whole tree is bound, so a bad key anywhere is refused before training. */
  SeedConfig config() {
    TribunalConfig c = options.load();
    return c.seed().config(c.world(), c.rlaif());
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
