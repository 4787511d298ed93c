package dev.tribunal.jobs.stages;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.run.StageContext;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Small things every Meta-Rewarding stage needs. */
public final class StageSupport {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private StageSupport() {}

  /** The run id, part of every row id and seed. */
  public static String runId(StageContext context) {
    return context.run().path().getName();
  }

  /** A stage's configuration slice: records become snake_case JSON, as in the YAML. */
  public static ObjectNode config(Object... keyValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
    }
    return node;
  }

  /**
   * One prompt's rows in one partition, in the given order: the only shuffle a model stage makes,
   * so a prompt's work (and its shared prompt prefix) stays together.
   */
  public static Dataset<Row> byPrompt(Dataset<Row> rows, int partitions, String... order) {
    return byKey(rows, "prompt_id", partitions, order);
  }

  /** The same for another key (a corpus pair's id): its rows in one partition, in the given order. */
  public static Dataset<Row> byKey(Dataset<Row> rows, String key, int partitions, String... order) {
    int n = partitions > 0 ? partitions
        : Integer.parseInt(rows.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    Column[] sort = Arrays.stream(order).map(c -> col(c)).toArray(Column[]::new);
    return rows.repartition(n, col(key)).sortWithinPartitions(sort);
  }

  /** The key of a cogroup that brings one prompt's rows of two tables together. */
  public static final class PromptId implements org.apache.spark.api.java.function.MapFunction<Row, String> {
    @Override
    public String call(Row row) {
      return row.getAs("prompt_id");
    }
  }

  /** The prompt columns a model stage joins onto its rows, renamed so they clash with nothing. */
  public static Dataset<Row> promptColumns(Dataset<Row> prompts) {
    return prompts.select(col("prompt_id"), col("text").as("prompt_text"), col("messages").as("prompt_messages"));
  }
}
