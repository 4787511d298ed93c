package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.schemas.RatingRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks, executed headless as CI runs them: a small real run of the loop with the shipped
 * seed model ({@link TinyIteration} on 24 world prompts, a minute or two on 2 cores), its tables exported
 * by tribunal tables, every notebook executed by nbconvert, and the figures the notebooks print
 * compared with the run's own: its evaluation tables, its iteration summary and its manifest.
 */
class NotebooksSparkTest {
  /** The Python modules the notebooks and their execution need. */
  static final String MODULES = "nbconvert, ipykernel, pandas, matplotlib";
  private static final Pattern FIGURE = Pattern.compile("figure (\\S+) (\\S+) n=(\\d+)");

  @TempDir Path dir;

  @Test
  void everyNotebookIsCommittedWithoutOutputs() throws IOException {
    List<Path> notebooks = notebooks();
    assertTrue(notebooks.size() >= 3, notebooks.toString());
    for (Path nb : notebooks) {
      for (JsonNode cell : new ObjectMapper().readTree(nb.toFile()).get("cells")) {
        if (!cell.path("cell_type").asText().equals("code")) continue;
        assertTrue(cell.path("outputs").isEmpty() && cell.path("execution_count").isNull(),
            nb.getFileName() + " is committed with outputs: clear them before committing");
      }
    }
  }

  @Test
  void everyNotebookRunsOnARealRunAndPrintsTheRunsOwnFigures() throws Exception {
    String python = python();
    Path root = dir.resolve("runs");
    // Twice the tiny iteration's prompts, so that most task families have pairs of different gold, and
    // the demo's meta-judge budget, so that its verdicts parse and the battles have ratings to show.
    CliRun run = CliRun.of(TinyIteration.args(root, "nb", Map.of("spark.master", "local[2]"), "world.prompts=24",
        "world.held_out=24", "meta_rewarding.meta_judge.max_new_tokens=80"));
    assertEquals(0, run.code(), run.err());
    RunDirectory runDirectory = new RunDirectory(root.toString(), "nb", new Configuration());
    assertTrue(runDirectory.rowCount(runDirectory.table(new TableRef(0, RatingRow.TABLE))) > 0,
        "the battles rated judgments: " + run.out());
    Path export = dir.resolve("tables");
    CliRun tables = CliRun.of("tables", "-q", "--root", root.toString(), "--run-id", "nb", "--to", export.toString());
    assertEquals(0, tables.code(), tables.err());

    Map<String, double[]> figures = new TreeMap<>();
    for (Path nb : notebooks()) figures.putAll(execute(python, nb, export));

    Map<String, double[]> evaluated = evaluations(root.resolve("nb"));
    assertTrue(evaluated.keySet().stream().anyMatch(k -> k.startsWith("iter=1/on_policy.judge_pairwise.")),
        "the run graded its judge per family: " + evaluated.keySet());
    for (Map.Entry<String, double[]> e : evaluated.entrySet()) {
      if (!recomputed(e.getKey())) continue;
      double[] mine = figures.get(e.getKey());
      assertNotNull(mine, "no notebook printed " + e.getKey() + "; printed " + figures.keySet());
      assertEquals(e.getValue()[0], mine[0], 1e-9, e.getKey());
      assertEquals(e.getValue()[1], mine[1], e.getKey() + " count");
    }
    for (String key : figures.keySet()) {
      if (key.matches("iter=\\d+/on_policy\\..*")) assertTrue(evaluated.containsKey(key), key + " is a figure the run does not have");
    }

    // The iteration summary the run printed (one decimal, percentages).
    String summary = run.out();
    assertPrinted(summary, "samples\\s+\\d+, mean ([\\d.]+) chars", figures, "iter=0/samples.mean_chars", 1);
    assertPrinted(summary, "judgments\\s+\\d+, valid \\d+, mean ([\\d.]+) chars", figures, "iter=0/judgments.mean_chars", 1);
    assertPrinted(summary, "first-position wins ([\\d.]+)%", figures, "iter=0/meta_judgments.first_position_share", 100);
    assertPrinted(summary, "flip rate ([\\d.]+)%", figures, "iter=0/meta_judgments.flip_rate", 100);

    List<StageRecord> stages = runDirectory.readManifest().stages();
    double seconds = stages.stream().filter(StageRecord::completed).mapToDouble(StageRecord::seconds).sum();
    assertEquals(seconds, figures.get("manifest.total_seconds")[0], 1e-6);
    assertTrue(stages.stream().anyMatch(s -> s.stage().equals("grade-samples")), "the run stored its samples' gold grades");
  }

  /** The run's figures a notebook recomputes from the tables. */
  private static boolean recomputed(String key) {
    String metric = key.substring(key.indexOf('/') + 1);
    return metric.startsWith("on_policy.judge_pairwise") || metric.startsWith("actor.gold_win_rate_vs_")
        || metric.startsWith("judge.score_share_") || Set.of("on_policy.judge_spearman", "actor.exact_rate",
            "actor.mean_gold_score", "actor.mean_length_chars", "meta_judge.first_position_share", "meta_judge.flip_rate",
            "training.pairs", "training.steps", "training.dpo_epoch1_accuracy", "training.dpo_epoch1_margin").contains(metric);
  }

  private static void assertPrinted(String console, String regex, Map<String, double[]> figures, String key, double scale) {
    Matcher m = Pattern.compile(regex).matcher(console);
    assertTrue(m.find(), "the run printed no " + regex + ":\n" + console);
    assertNotNull(figures.get(key), "no notebook printed " + key);
    assertEquals(m.group(1), String.format(Locale.ROOT, "%.1f", scale * figures.get(key)[0]), key);
  }

  /** iter=<s>/eval.json of every model: "iter=s/section.metric" to {value, count}. */
  private static Map<String, double[]> evaluations(Path run) throws IOException {
    Map<String, double[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(run)) {
      for (Path iter : files.filter(p -> p.getFileName().toString().startsWith("iter=")).toList()) {
        Path json = iter.resolve("eval.json");
        if (!Files.exists(json)) continue;
        new ObjectMapper().readTree(json.toFile()).get("metrics").fields().forEachRemaining(section ->
            section.getValue().fields().forEachRemaining(m -> out.put(iter.getFileName() + "/" + section.getKey() + "." + m.getKey(),
                new double[] {m.getValue().get("value").asDouble(), m.getValue().get("count").asDouble()})));
      }
    }
    return out;
  }

  /** Executes one notebook with nbconvert and returns the figures it printed; fails on a cell error. */
  private Map<String, double[]> execute(String python, Path notebook, Path export) throws Exception {
    Path out = Files.createDirectories(dir.resolve("executed"));
    Path home = Files.createDirectories(dir.resolve("jupyter"));
    Path log = dir.resolve(notebook.getFileName() + ".log");
    ProcessBuilder pb = new ProcessBuilder(python, "-m", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=300", "--output-dir", out.toString(), notebook.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("TRIBUNAL_RUN_TABLES", export.toString());
    // The kernel must be this Python (a "python3" kernel spec may resolve through PATH), and
    // Jupyter, IPython and matplotlib keep their state in the test's folder, not the user's home.
    // The figures are drawn by the kernel's inline backend, headless, into the executed notebook.
    env.put("PATH", Path.of(python).getParent() + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
    env.put("IPYTHONDIR", home.resolve("ipython").toString());
    env.put("MPLCONFIGDIR", home.resolve("matplotlib").toString());
    env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(notebook + " did not finish in 10 minutes:\n" + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), notebook + " failed:\n" + Files.readString(log));
    Map<String, double[]> figures = new TreeMap<>();
    int plots = 0;
    for (JsonNode cell : new ObjectMapper().readTree(out.resolve(notebook.getFileName()).toFile()).get("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        assertFalse(output.path("output_type").asText().equals("error"), notebook + ": " + output);
        if (output.path("data").has("image/png")) plots++;
        if (!output.path("name").asText().equals("stdout")) continue;
        Matcher m = FIGURE.matcher(text(output.get("text")));
        while (m.find()) figures.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
      }
    }
    assertFalse(figures.isEmpty(), notebook + " printed no figure");
    assertTrue(plots > 0, notebook + " drew no plot");
    return figures;
  }

  /** A notebook's text: one string, or a list of lines. */
  private static String text(JsonNode node) {
    if (node.isTextual()) return node.asText();
    StringBuilder b = new StringBuilder();
    node.forEach(line -> b.append(line.asText()));
    return b.toString();
  }

  /**
   * A Python with the notebooks' modules: Debian's (the one deploy/install-deps.sh installs them
   * for) or the first python3 on PATH. Fails, never skips, when there is none.
   */
  static String python() throws Exception {
    List<String> candidates = new ArrayList<>(List.of("/usr/bin/python3"));
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!d.isEmpty()) candidates.add(Path.of(d, "python3").toString());
    }
    for (String python : candidates) {
      if (!Files.isExecutable(Path.of(python))) continue;
      Process p = new ProcessBuilder(python, "-c", "import " + MODULES).redirectErrorStream(true).start();
      try (InputStream in = p.getInputStream()) {
        in.readAllBytes();
      }
      if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0) return Path.of(python).toAbsolutePath().toString();
    }
    return fail("no python3 with " + MODULES + " (tried " + candidates + "): the notebooks cannot run; install them"
        + " with deploy/install-deps.sh (as root, Debian/Ubuntu: jupyter-nbconvert python3-ipykernel python3-pandas"
        + " python3-matplotlib)");
  }

  private static List<Path> notebooks() throws IOException {
    try (Stream<Path> files = Files.list(repository().resolve("notebooks"))) {
      return files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  /** The repository root, found from the module's directory upwards. */
  private static Path repository() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("notebooks")) && Files.isRegularFile(d.resolve("pom.xml"))) return d;
    }
    throw new IllegalStateException("the repository's notebooks/ not found above " + Path.of("").toAbsolutePath());
  }
}
