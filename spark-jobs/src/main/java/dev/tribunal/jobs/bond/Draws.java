package dev.tribunal.jobs.bond;

import static org.apache.spark.sql.functions.col;

import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
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

  static Dataset<Row> of(StageContext context, List<TableRef> tables) {
    Column reason = col("excluded_reason");
    return tables.stream().map(context::read).reduce(Dataset::unionByName).orElseThrow()
        .filter(reason.isNull().or(reason.notEqual(ExclusionReason.CONTEXT_OVERFLOW.code())));
  }
}
