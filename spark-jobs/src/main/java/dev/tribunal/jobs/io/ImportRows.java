package dev.tribunal.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.row_number;

import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.schemas.RejectReason;
import dev.tribunal.schemas.RejectedRow;
import dev.tribunal.schemas.TableRow;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;

/** What every import does with its parsed rows: one row per id, and a refusal when nothing is left. */
final class ImportRows {
  private ImportRows() {}

  /** One input record as its parser left it: accepted (a row of the import's table) or rejected. */
  record Outcome(TableRow accepted, RejectedRow rejected) implements Serializable {}

  /**
   * An import's output from its parsed records: the accepted rows, one per id, and as rejected
   * rows the bad records and the later occurrences of an id ({@link #firstById}); with --strict the
   * first rejected record fails the import instead ({@link #failOnFirst}).
   */
  static StageOutput output(SparkSession spark, JavaRDD<Outcome> parsed, StructType schema, String idColumn,
      MapFunction<Row, Row> duplicates, boolean strict) {
    Dataset<Row> accepted = spark.createDataFrame(
        parsed.filter(p -> p.accepted() != null).map(p -> p.accepted().toRow()), schema);
    Dataset<Row> badLines = spark.createDataFrame(
        parsed.filter(p -> p.rejected() != null).map(p -> p.rejected().toRow()), RejectedRow.SCHEMA);
    Split byId = firstById(accepted, idColumn, schema, duplicates);
    Dataset<Row> rejected = badLines.unionByName(byId.duplicates());
    if (strict) failOnFirst(rejected);
    return new StageOutput(byId.kept(), rejected, Map.of());
  }

  /**
   * A line's text, refusing bytes that are not UTF-8: a lenient decode would import mangled text
   * as if it were the input.
   */
  static String utf8(byte[] bytes, int length) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
  }

  /** The rows kept, and the later occurrences of an id as rejected rows. */
  record Split(Dataset<Row> kept, Dataset<Row> duplicates) {}

  /**
   * The first occurrence of each id (by source and line) is kept; each later one becomes a
   * duplicate_id reject pointing at it, built by {@code reject} from the row with the columns
   * {@code _first_source} and {@code _first_line} added.
   */
  static Split firstById(Dataset<Row> accepted, String idColumn, StructType schema, MapFunction<Row, Row> reject) {
    WindowSpec byId = Window.partitionBy(idColumn).orderBy("source", "source_line");
    Dataset<Row> ranked = accepted
        .withColumn("_rank", row_number().over(byId))
        .withColumn("_first_source", first("source").over(byId))
        .withColumn("_first_line", first("source_line").over(byId));
    Column[] columns = Arrays.stream(schema.fieldNames()).map(n -> col("`" + n + "`")).toArray(Column[]::new);
    return new Split(ranked.filter(col("_rank").equalTo(1)).select(columns),
        ranked.filter(col("_rank").gt(1)).map(reject, RejectedRow.ENCODER));
  }

  /** The duplicate_id reject of a later occurrence of {@code what} id, pointing at the first. */
  static Row duplicate(Row ranked, String what, String id, String source, long line, String text, String stage) {
    String first = ranked.<String>getAs("_first_source") + ":" + ranked.<Long>getAs("_first_line");
    return new RejectedRow(source, line, RejectReason.DUPLICATE_ID,
        what + " id '" + id + "' was already given at " + first, text, stage).toRow();
  }

  /** --strict: the first bad record (by file and line) fails the import, naming it; nothing is committed. */
  static void failOnFirst(Dataset<Row> rejected) {
    List<Row> first = rejected.orderBy("source", "line").limit(1).collectAsList();
    if (!first.isEmpty()) {
      RejectedRow r = RejectedRow.fromRow(first.get(0));
      throw new ImportStage.InputRejectedException(r.source() + ":" + r.line() + ": " + r.reason().code()
          + ": " + r.detail() + " (--strict stops at the first bad record; nothing was committed)");
    }
  }

  /**
   * Fails an import of which no record was accepted, before its empty table is committed: the most
   * common reason with its count and an example, the hint (what the input looks like) when there
   * is one, and where the rejects are.
   */
  static void refuseIfNoneAccepted(StageContext context, Stage.Written written, Optional<String> hint) {
    if (written.rowCount() > 0 || written.rejected() == 0) return;
    Dataset<Row> rejected = context.read(written.rejectedTable());
    Row top = rejected.groupBy("reason").count().orderBy(col("count").desc(), col("reason")).first();
    String reason = top.getString(0);
    RejectedRow example = RejectedRow.fromRow(
        rejected.filter(col("reason").equalTo(reason)).orderBy("source", "line").first());
    StringBuilder m = new StringBuilder("no record was accepted: all ").append(written.rejected())
        .append(" were rejected, most for ").append(reason).append(" (").append(top.getLong(1))
        .append(", e.g. ").append(example.source()).append(':').append(example.line()).append(": ")
        .append(example.detail()).append(')');
    hint.ifPresent(h -> m.append("; ").append(h));
    throw new ImportStage.InputRejectedException(m.append(". Nothing was imported; the rejected records are in ")
        .append(context.run().table(written.rejectedTable())).toString());
  }
}
