package dev.tribunal.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.row_number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.PairFormat;
import dev.tribunal.schemas.RejectReason;
import dev.tribunal.schemas.RejectedRow;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Imports a preference corpus (HH-RLHF, TRL, AlpacaEval annotations) into iteration 0's
 * corpus_pairs table, with the prompt import's accounting: every record is accepted or rejected
 * with its reason and file:line, a repeated id keeps its first occurrence, and an input of which
 * nothing is accepted is refused before an empty table is committed.
 */
public final class PairImportStage implements Stage {
  private final List<String> paths;
  private final PairFormat format;
  private final int maxChars;
  private final Map<String, String> sources;

  /** @param format the corpus format, or null to recognise each record's from its fields */
  public PairImportStage(List<String> paths, PairFormat format, int maxChars, Map<String, String> sources) {
    this.paths = List.copyOf(paths);
    this.format = format;
    this.maxChars = maxChars;
    this.sources = Map.copyOf(sources);
  }

  @Override
  public String name() {
    return PairRecordParser.STAGE;
  }

  @Override
  public String table() {
    return CorpusPairRow.TABLE;
  }

  @Override
  public Map<String, String> externalInputs() {
    return sources;
  }

  @Override
  public JsonNode config() {
    ObjectNode c = new ObjectMapper().createObjectNode();
    c.put("format", format == null ? "auto" : format.code());
    c.put("max_prompt_chars", maxChars);
    paths.forEach(c.putArray("paths")::add);
    return c;
  }

  @Override
  public StageOutput run(StageContext context) {
    SparkSession spark = context.spark();
    JavaRDD<PairRecordParser.Parsed> parsed = parse(spark);
    Dataset<Row> accepted = spark.createDataFrame(
        parsed.filter(p -> p.pair() != null).map(p -> p.pair().toRow()), CorpusPairRow.SCHEMA);
    Dataset<Row> badLines = spark.createDataFrame(
        parsed.filter(p -> p.rejected() != null).map(p -> p.rejected().toRow()), RejectedRow.SCHEMA);
    WindowSpec byId = Window.partitionBy("pair_id").orderBy("source", "source_line");
    Dataset<Row> ranked = accepted
        .withColumn("_rank", row_number().over(byId))
        .withColumn("_first_source", first("source").over(byId))
        .withColumn("_first_line", first("source_line").over(byId));
    Dataset<Row> pairs = ranked.filter(col("_rank").equalTo(1)).select(
        Arrays.stream(CorpusPairRow.SCHEMA.fieldNames()).map(n -> col(n)).toArray(org.apache.spark.sql.Column[]::new));
    Dataset<Row> duplicates = ranked.filter(col("_rank").gt(1)).map(new Duplicates(), RejectedRow.ENCODER);
    return new StageOutput(pairs, badLines.unionByName(duplicates), Map.of());
  }

  private JavaRDD<PairRecordParser.Parsed> parse(SparkSession spark) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(String.join(",", paths),
        UnsplitTextInputFormat.class, LongWritable.class, Text.class, spark.sparkContext().hadoopConfiguration());
    return lines.mapPartitionsWithInputSplit(new ParsePairFiles(new PairRecordParser(format, maxChars)), true);
  }

  /** An input of which nothing was accepted fails here, before the empty table is committed. */
  @Override
  public Map<String, Long> review(StageContext context, Written written) {
    if (written.rowCount() > 0 || written.rejected() == 0) return Map.of();
    Dataset<Row> rejected = context.read(written.rejectedTable());
    Row top = rejected.groupBy("reason").count().orderBy(col("count").desc(), col("reason")).first();
    RejectedRow example = RejectedRow.fromRow(
        rejected.filter(col("reason").equalTo(top.getString(0))).orderBy("source", "line").first());
    throw new ImportStage.InputRejectedException("no record was accepted: all " + written.rejected()
        + " were rejected, most for " + top.getString(0) + " (" + top.getLong(1) + ", e.g. " + example.source()
        + ":" + example.line() + ": " + example.detail() + "). Nothing was imported; the rejected records are in "
        + context.run().table(written.rejectedTable()));
  }

  /** A later occurrence of an id, pointing at the first. */
  private static final class Duplicates implements org.apache.spark.api.java.function.MapFunction<Row, Row> {
    @Override
    public Row call(Row r) {
      CorpusPairRow p = CorpusPairRow.fromRow(r);
      String first = r.<String>getAs("_first_source") + ":" + r.<Long>getAs("_first_line");
      return new RejectedRow(p.source(), p.sourceLine(), RejectReason.DUPLICATE_ID,
          "pair id '" + p.pairId() + "' was already given at " + first, null, PairRecordParser.STAGE).toRow();
    }
  }
}
