package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
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
public final class PairImportStage extends FileImport implements Stage.Named {
  /** The stage and table of a corpus, imported or drawn from the world. */
  public static final Id ID = new Id(PairRecordParser.STAGE, CorpusPairRow.TABLE);

  private final PairFormat format;
  private final int maxChars;
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
    super(paths, sources);
    this.format = format;
    this.maxChars = maxChars;
    this.strict = strict;
    this.parquet = parquet;
  }

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public JsonNode config() {
    return config(format == null ? "auto" : format.code(), maxChars, c -> {
      c.put("strict", strict);
      c.put("input", parquet ? "parquet" : "json");
    });
  }

  @Override
  public StageOutput run(StageContext context) {
    SparkSession spark = context.spark();
    return ImportRows.output(spark, parse(spark).map(p -> new ImportRows.Outcome(p.pair(), p.rejected())),
        CorpusPairRow.SCHEMA, "pair_id", new Duplicates(), strict);
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
