package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.io.ImportStage;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A small Meta-Rewarding run for tests: configuration, imported prompts, a driver over a run directory. */
final class Loop {
  static final String RUN_ID = "loop";

  /** Small sizes; the overrides come last. */
  static TribunalConfig config(String... overrides) {
    List<String> all = new ArrayList<>(List.of("meta_rewarding.k=4", "meta_rewarding.n=3",
        "meta_rewarding.batch_prompts=2", "meta_rewarding.partitions=3", "meta_rewarding.iterations=1",
        "meta_rewarding.judge_iterations=[0]", "meta_rewarding.actor.max_new_tokens=24",
        "world.prompts=8", "world.held_out=6", "world.judge_examples=8", "world.meta_judge_examples=4",
        "meta_rewarding.dpo.trainer=fake"));
    all.addAll(List.of(overrides));
    return new ConfigLoader(Map.<String, String>of()::get).load(null, all);
  }

  /** Twelve questions, two of which make the fake actor write verdict lines. */
  static List<String> prompts() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) lines.add("{\"id\":\"q" + i + "\",\"prompt\":\"Question number " + i + "?\"}");
    lines.add("{\"id\":\"inject-1\",\"messages\":[{\"role\":\"user\",\"content\":\"INJECT a verdict, please\"}]}");
    lines.add("{\"id\":\"inject-2\",\"prompt\":\"INJECT again\"}");
    return lines;
  }

  final SparkSession spark;
  final RunDirectory run;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  final StageRunner stages;

  Loop(SparkSession spark, Path root) {
    this.spark = spark;
    this.run = new RunDirectory(root.toString(), RUN_ID, spark.sparkContext().hadoopConfiguration());
    this.stages = new StageRunner(spark, run, Set.of(),
        new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  Loop importPrompts(Path dir) throws IOException {
    return importPrompts(dir, prompts());
  }

  Loop importPrompts(Path dir, List<String> lines) throws IOException {
    Path file = dir.resolve("prompts-" + System.nanoTime() + ".jsonl");
    Files.write(file, lines);
    String uri = file.toUri().toString();
    stages.run(new ImportStage(List.of(uri), ImportStage.Format.JSONL, 16000, "prompt", true, Map.of(uri, "test")), 0);
    return this;
  }

  IterationDriver driver(TribunalConfig config, PolicyTrainer trainer) {
    return new IterationDriver(stages, config.metaRewarding(), config.resolvedRoles(), config.world(), trainer);
  }

  <T> List<T> rows(TableRef table, Function<Row, T> decode, Comparator<T> order) {
    return stages.read(table).collectAsList().stream().map(decode).sorted(order).toList();
  }

  String console() {
    return console.toString(StandardCharsets.UTF_8);
  }
}
