package dev.tribunal.jobs.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tribunal.jobs.run.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalPrinterTest {
  @TempDir Path dir;

  @Test
  void figuresReadBackFromTheirFileWithEachIntervalBesideItsFigure() {
    RunDirectory run = new RunDirectory(dir.toString(), "r", new Configuration());
    List<Metric> metrics = List.of(new Metric(2, "M2", "actor", "exact_rate", 0.5, 400),
        new Metric(2, "M2", "actor", "gold_win_rate_vs_seed", 0.456, 400),
        new Metric(2, "M2", "actor", "gold_win_rate_vs_seed_ci_low", 0.433, 400),
        new Metric(2, "M2", "actor", "gold_win_rate_vs_seed_ci_high", 0.479, 400),
        new Metric(2, "M2", "training", "loss_last", 0.61, 12));
    EvalPrinter.writeJson(run, 2, Metric.TABLE, metrics);
    EvalPrinter.writeJson(run, 0, Metric.TABLE, List.of(new Metric(0, "M0", "actor", "exact_rate", 0.4, 400)));
    EvalPrinter.writeJson(run, 0, "label_eval_pairwise", List.of(new Metric(0, "seed", "label", "alignment", 0.7, 50)));

    assertEquals(metrics, EvalPrinter.readJson(run, 2, Metric.TABLE));
    assertEquals(List.of(new RunFigures.File("eval", 2), new RunFigures.File("label_eval_pairwise", 0)),
        RunFigures.latest(run));
    assertEquals("""
        eval (iter=2/eval.json, M2):
          actor       exact_rate                          0.500  (n=400)
          actor       gold_win_rate_vs_seed               0.456 (95% 0.433-0.479)  (n=400)
          training    loss_last                           0.610  (n=12)
        label_eval_pairwise (iter=0/label_eval_pairwise.json, seed):
          label       alignment                           0.700  (n=50)
        """, RunFigures.print(run));
  }
}
