package dev.tribunal.jobs.bond;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.WorldGold;
import dev.tribunal.jobs.world.GoldGrade;
import dev.tribunal.schemas.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Best-of-n of the reference at n = 1, 2, 4, ... up to N, from the first n samples of each world
 * prompt: the chosen sample's reward, its gold grade and exact rate, at a cost of n generations
 * and n rewards per prompt. n = 1 is the reference itself. World prompts are hundreds, so the
 * samples are gathered on the driver.
 */
public record BestOfNEvalStage(TableRef samples, TableRef rewards, WorldConfig world, int n, String rewardKind)
    implements Stage.Named, RewardedDraw {
  public static final Id ID = new Id("best-of-n-eval", "best_of_n_eval");
  public static final String SECTION = "best_of_n";

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("n", n, "reward", rewardKind, "world_seed", world.seed());
  }

  /** One sample: its prompt, index, reward and gold grade. */
  private record Drawn(String promptId, int index, double reward, GoldGrade gold) {}

  @Override
  public StageOutput run(StageContext context) {
    WorldGold gold = WorldGold.of(world, context);
    Map<String, List<Drawn>> byPrompt = new TreeMap<>();
    for (Row r : context.read(rewards).filter(col("reward").isNotNull())
        .join(context.read(samples), col("response_id").equalTo(col("sample_id"))).collectAsList()) {
      String promptId = r.getAs("prompt_id");
      GoldGrade grade = gold.grade(promptId, r.getAs("sample_id"), r.getAs("response"), "Best-of-N evaluation grades");
      byPrompt.computeIfAbsent(promptId, p -> new ArrayList<>())
          .add(new Drawn(promptId, r.getAs("sample_index"), r.getAs("reward"), grade));
    }
    List<Row> out = new ArrayList<>();
    String runId = StageSupport.runId(context);
    for (int m = 1; m <= n; m = m == n ? n + 1 : Math.min(2 * m, n)) {
      figures(m, byPrompt, runId).forEach(f -> out.add(f.toRow()));
    }
    return StageOutput.of(context.spark().createDataFrame(out, Metric.SCHEMA).coalesce(1));
  }

  /** Best-of-m from each prompt's first m samples: mean reward, gold score and exact rate of the chosen. */
  private List<Metric> figures(int m, Map<String, List<Drawn>> byPrompt, String runId) {
    double reward = 0;
    double gold = 0;
    double exact = 0;
    int prompts = 0;
    for (List<Drawn> drawn : byPrompt.values()) {
      List<Drawn> first = drawn.stream().filter(d -> d.index() < m).toList();
      if (first.isEmpty()) continue;
      double[] rewards = first.stream().mapToDouble(Drawn::reward).toArray();
      Drawn best = first.get(BestOfN.best(rewards, Ids.seed("best_of_n_eval", runId, first.get(0).promptId(),
          Integer.toString(m))));
      reward += best.reward();
      gold += best.gold().score();
      exact += best.gold().exact() ? 1 : 0;
      prompts++;
    }
    String at = "@" + m;
    return prompts == 0 ? List.of() : List.of(
        new Metric(0, rewardKind, SECTION, "reward" + at, reward / prompts, prompts),
        new Metric(0, rewardKind, SECTION, "gold" + at, gold / prompts, prompts),
        new Metric(0, rewardKind, SECTION, "exact" + at, exact / prompts, prompts),
        new Metric(0, rewardKind, SECTION, "generations" + at, m, prompts));
  }
}
