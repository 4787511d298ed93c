package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.PairFormat;
import dev.tribunal.schemas.RejectedRow;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
  private final boolean strict;
  private final boolean parquet;

  /** @param format the corpus format, or null to recognise each record's from its fields */
  public PairImportStage(List<String> paths, PairFormat format, int maxChars, Map<String, String> sources) {
    this(paths, format, maxChars, sources, false, false);
  }

  /**
   * @param strict fail on the first bad record, naming it, and commit nothing
   * @param parquet the files are Parquet with the corpus's columns (as Hugging Face publishes them), read as
   *     if each row were a JSON line
   */
  public PairImportStage(List<String> paths, PairFormat format, int maxChars, Map<String, String> sources,
      boolean strict, boolean parquet) {
    this.paths = List.copyOf(paths);
    this.format = format;
    this.maxChars = maxChars;
    this.sources = Map.copyOf(sources);
    this.strict = strict;
    this.parquet = parquet;
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
    c.put("strict", strict);
    c.put("input", parquet ? "parquet" : "json");
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
    ImportRows.Split byId = ImportRows.firstById(accepted, "pair_id", CorpusPairRow.SCHEMA, new Duplicates());
    Dataset<Row> rejected = badLines.unionByName(byId.duplicates());
    if (strict) ImportRows.failOnFirst(rejected);
    return new StageOutput(byId.kept(), rejected, Map.of());
  }

  private JavaRDD<PairRecordParser.Parsed> parse(SparkSession spark) {
    PairRecordParser parser = new PairRecordParser(format, maxChars);
    if (parquet) return InputFiles.parquetAsJson(spark, paths).javaRDD().map(new ParseParquetRow(parser));
    return InputFiles.lines(spark, paths).mapPartitionsWithInputSplit(new ParsePairFiles(parser), true);
  }

  /** A Parquet row, as JSON, through the same checks as a JSON line; its line is its 1-based row. */
  private record ParseParquetRow(PairRecordParser parser)
      implements org.apache.spark.api.java.function.Function<Row, PairRecordParser.Parsed> {
    @Override
    public PairRecordParser.Parsed call(Row row) {
      byte[] json = row.getString(0).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return parser.parse(row.getString(1), row.getLong(2) + 1, json, json.length);
    }
  }

  /** An input of which nothing was accepted fails here, before the empty table is committed. */
  @Override
  public Map<String, Long> review(StageContext context, Written written) {
    if (written.rowCount() == 0 && written.rejected() > 0) {
      ImportRows.refuseIfNoneAccepted(context, written, hint(context.read(written.rejectedTable())));
    }
    return Map.of();
  }

  /** Records with a prompt but no second response are prompts: the other import takes them. */
  private static java.util.Optional<String> hint(Dataset<Row> rejected) {
    String raw = RejectedRow.fromRow(rejected.orderBy("source", "line").first()).raw();
    boolean prompt = raw != null && (raw.contains("\"prompt\"") || raw.contains("\"messages\""));
    boolean pair = raw != null && (raw.contains("\"chosen\"") || raw.contains("\"output_1\""));
    return prompt && !pair ? java.util.Optional.of("the records look like prompts, not preference pairs: import them"
        + " with tribunal import") : java.util.Optional.empty();
  }

  /** A later occurrence of an id, pointing at the first. */
  private static final class Duplicates implements org.apache.spark.api.java.function.MapFunction<Row, Row> {
    @Override
    public Row call(Row r) {
      CorpusPairRow p = CorpusPairRow.fromRow(r);
      return ImportRows.duplicate(r, "pair", p.pairId(), p.source(), p.sourceLine(), null, PairRecordParser.STAGE);
    }
  }
}
