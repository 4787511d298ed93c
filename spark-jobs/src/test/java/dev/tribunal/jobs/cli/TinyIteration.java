package dev.tribunal.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One small iteration of `tribunal iterate` on the shipped seed: a dozen world prompts, short
 * answers, meta-judging and training, the trained model evaluated on eight held-out prompts.
 */
final class TinyIteration {
  static final Path SEED = Path.of("..", "models", "seed").toAbsolutePath().normalize();

  private TinyIteration() {}

  static final List<String> SETTINGS = List.of("spark.conf.spark.sql.shuffle.partitions=2",
      "models.checkpoint=" + SEED, "models.seed_version=seed",
      "world.prompts=12", "world.held_out=8", "world.judge_examples=8", "world.meta_judge_examples=4",
      "meta_rewarding.iterations=1", "meta_rewarding.judge_iterations=[0]", "meta_rewarding.k=4",
      "meta_rewarding.n=2", "meta_rewarding.batch_prompts=6", "meta_rewarding.partitions=2",
      "meta_rewarding.actor.temperature=1.0", "meta_rewarding.actor.max_new_tokens=24",
      "meta_rewarding.judge.max_new_tokens=64", "meta_rewarding.meta_judge.max_new_tokens=48",
      "meta_rewarding.pairs.length_unit=chars", "meta_rewarding.dpo.batch_size=4",
      "meta_rewarding.dpo.learning_rate=1.0e-4");

  /** tribunal iterate over root/runId with these settings, Spark's conf (spark.conf.*) and the overrides last. */
  static String[] args(Path root, String runId, Map<String, String> sparkConf, String... overrides) {
    List<String> a = new ArrayList<>(List.of("iterate", "-q", "--root", root.toString(), "--run-id", runId));
    List<String> all = new ArrayList<>(SETTINGS);
    sparkConf.forEach((k, v) -> all.add(k.equals("spark.master") ? "spark.master=" + v : "spark.conf." + k + "=" + v));
    all.addAll(List.of(overrides));
    for (String s : all) {
      a.add("--set");
      a.add(s);
    }
    return a.toArray(String[]::new);
  }

  /** The model id the command printed last: "final model: ID (run uri)". */
  static String finalModel(String out) {
    return out.lines().filter(l -> l.startsWith("final model: ")).reduce((x, y) -> y)
        .map(l -> l.substring("final model: ".length()).split(" ")[0])
        .orElseThrow(() -> new AssertionError("no final model in: " + out));
  }
}
