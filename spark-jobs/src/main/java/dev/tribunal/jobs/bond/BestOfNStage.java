package dev.tribunal.jobs.bond;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.schemas.Ids;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Best-of-N (spec 3.1) per prompt, on the executors: among the prompt's samples with a reward, the
 * highest, ties broken uniformly at random by a seed of the run and prompt; every sample is kept
 * with its reward and its quantiles p≤ and p< among the prompt's samples (3.2).
 */
public record BestOfNStage(TableRef samples, TableRef rewards) implements Stage.Named, RewardedDraw {
  public static final Id ID = new Id("best-of-n", BestOfNRow.TABLE);

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("tie_break", "uniform, seeded by run and prompt");
  }

  @Override
  public StageOutput run(StageContext context) {
    Dataset<Row> rated = context.read(rewards).filter(col("reward").isNotNull())
        .select(col("response_id").as("sample_id"), col("group_id").as("prompt_id"), col("reward"))
        .join(context.read(samples).select("sample_id", "sample_index"), "sample_id");
    return StageOutput.of(rated.groupByKey(new StageSupport.PromptId(), Encoders.STRING())
        .flatMapGroups(new Choose(StageSupport.runId(context)), BestOfNRow.ENCODER));
  }

  /** One prompt's samples: their quantiles, and the best. */
  private record Choose(String runId) implements FlatMapGroupsFunction<String, Row, Row> {
    @Override
    public Iterator<Row> call(String promptId, Iterator<Row> rows) {
      List<Row> samples = new ArrayList<>();
      rows.forEachRemaining(samples::add);
      samples.sort(Comparator.comparingInt(r -> r.<Integer>getAs("sample_index")));
      double[] rewards = samples.stream().mapToDouble(r -> r.<Double>getAs("reward")).toArray();
      int best = BestOfN.best(rewards, Ids.seed("best_of_n", runId, promptId));
      List<Row> out = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        BestOfN.Quantiles q = BestOfN.quantiles(rewards[i], rewards);
        out.add(new BestOfNRow(promptId, samples.get(i).getAs("sample_id"), samples.get(i).getAs("sample_index"),
            rewards[i], q.atMost(), q.below(), i == best).toRow());
      }
      return out.iterator();
    }
  }
}
