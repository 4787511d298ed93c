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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * The policy's figures at one sample in round t, the BOND paper's reward-KL view: the mean reward
 * and gold grade of π_t's samples of the round, and KL(π_t‖π_0) estimated from the same samples as
 * the mean of log π_t(y) − log π_0(y) (0 for π_0 itself, which is not scored). World prompts are
 * hundreds per round, so the samples are gathered on the driver.
 */
public record RoundFiguresStage(TableRef samples, TableRef rewards, Optional<TableRef> policyLogps,
    Optional<TableRef> referenceLogps, WorldConfig world, String policyVersion) implements Stage.Named {
  public static final Id ID = new Id("round-figures", "bond_figures");
  public static final String SECTION = "bond";

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public List<TableRef> inputs() {
    List<TableRef> in = new ArrayList<>(List.of(samples, rewards));
    policyLogps.ifPresent(in::add);
    referenceLogps.ifPresent(in::add);
    return in;
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("kl", "mean of log pi_t(y) - log pi_0(y) over pi_t's samples", "world_seed", world.seed());
  }

  @Override
  public String modelVersion() {
    return policyVersion;
  }

  @Override
  public StageOutput run(StageContext context) {
    WorldGold grader = WorldGold.of(world, context);
    List<Row> rated = Draws.of(context, List.of(samples)).join(context.read(rewards)
        .filter(col("reward").isNotNull()).select(col("response_id").as("sample_id"), col("reward")), "sample_id")
        .collectAsList();
    double reward = 0;
    double gold = 0;
    double exact = 0;
    for (Row r : rated) {
      GoldGrade g = grader.grade(r.getAs("prompt_id"), r.getAs("sample_id"), r.getAs("response"),
          "BOND's figures grade");
      reward += r.<Double>getAs("reward");
      gold += g.score();
      exact += g.exact() ? 1 : 0;
    }
    int t = context.iteration();
    int n = rated.size();
    List<Metric> out = new ArrayList<>(List.of(new Metric(t, policyVersion, SECTION, "reward", reward / n, n),
        new Metric(t, policyVersion, SECTION, "gold", gold / n, n), new Metric(t, policyVersion, SECTION, "exact", exact / n, n)));
    out.add(kl(context, t));
    return StageOutput.of(context.spark().createDataFrame(out.stream().map(Metric::toRow).toList(), Metric.SCHEMA)
        .coalesce(1));
  }

  private Metric kl(StageContext context, int t) {
    if (policyLogps.isEmpty() || referenceLogps.isEmpty()) return new Metric(t, policyVersion, SECTION, "kl_to_reference", 0, 0);
    Row r = context.read(policyLogps.get()).select(col("sample_id"), col("logp").as("mine"))
        .join(context.read(referenceLogps.get()).select(col("sample_id"), col("logp").as("ref")), "sample_id")
        .agg(org.apache.spark.sql.functions.avg(col("mine").minus(col("ref"))), org.apache.spark.sql.functions.count(col("mine")))
        .first();
    return new Metric(t, policyVersion, SECTION, "kl_to_reference", r.isNullAt(0) ? 0 : r.getDouble(0), r.getLong(1));
  }
}
