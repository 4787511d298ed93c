package dev.tribunal.jobs.bond;

import static org.apache.spark.sql.functions.col;

import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.schemas.ExclusionReason;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The samples of a policy that Best-of-N, its quantiles and BOND count: every draw, a repeat, a
 * truncated or a leaking one too (it is what the policy gives, and its reward says how good); only a
 * prompt over the context produced nothing to reward.
 */
final class Draws {
  private Draws() {}

  /**
   * The draws with their prompt's columns, each prompt's in one partition in the order drawn: what
   * a model stage over a policy's samples (rewarding, scoring) reads.
   */
  static Dataset<Row> withPrompts(StageContext context, List<TableRef> samples, TableRef prompts, int partitions) {
    Dataset<Row> drawn = of(context, samples).join(StageSupport.promptColumns(context.read(prompts)), "prompt_id");
    return StageSupport.byPrompt(drawn, partitions, "prompt_id", "sample_index");
  }

  static Dataset<Row> of(StageContext context, List<TableRef> tables) {
    Column reason = col("excluded_reason");
    return tables.stream().map(context::read).reduce(Dataset::unionByName).orElseThrow()
        .filter(reason.isNull().or(reason.notEqual(ExclusionReason.CONTEXT_OVERFLOW.code())));
  }
}
