package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The figures a run wrote beside its tables (iter=t/&lt;name&gt;.json: eval, label_eval_*,
 * best_of_n_eval, ...), the latest iteration of each name, as `tribunal status` prints them:
 * the latest model's exact rate and win rates with their intervals, its training figures, the
 * labeler's or Best-of-N's figures where the run has them.
 */
public final class RunFigures {
  private RunFigures() {}

  /** One figures file: its name (eval, label_eval_pairwise, ...) and the iteration it belongs to. */
  public record File(String name, int iteration) {}

  /** The latest iteration of every figures file the run has, by name. */
  public static List<File> latest(RunDirectory run) {
    Map<String, File> latest = new TreeMap<>();
    try {
      if (!run.fs().exists(run.path())) return List.of();
      for (FileStatus dir : run.fs().listStatus(run.path())) {
        String d = dir.getPath().getName();
        if (!dir.isDirectory() || !d.startsWith("iter=")) continue;
        int t = Integer.parseInt(d.substring("iter=".length()));
        for (FileStatus f : run.fs().listStatus(dir.getPath())) {
          String n = f.getPath().getName();
          if (!f.isFile() || !n.endsWith(".json")) continue;
          File file = new File(n.substring(0, n.length() - ".json".length()), t);
          latest.merge(file.name(), file, (a, b) -> a.iteration() >= b.iteration() ? a : b);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the figures of " + run.uri(), e);
    }
    List<File> out = new ArrayList<>(latest.values());
    out.sort(Comparator.comparing(File::name));
    return out;
  }

  /** Every latest figures file as a titled table; empty when the run has none. */
  public static String print(RunDirectory run) {
    StringBuilder b = new StringBuilder();
    for (File f : latest(run)) {
      List<Metric> metrics = EvalPrinter.readJson(run, f.iteration(), f.name());
      String model = metrics.isEmpty() || metrics.get(0).modelVersion() == null ? "" : ", " + metrics.get(0).modelVersion();
      b.append(String.format("%s (%s%s):%n", f.name(), new Path("iter=" + f.iteration(), f.name() + ".json"), model))
          .append(EvalPrinter.tableWithIntervals(metrics));
    }
    return b.toString();
  }
}
