package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.schemas.PromptRow;
import dev.tribunal.schemas.RejectedRow;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Imports prompts from JSON Lines or Parquet files into the run's prompts table. Every input
 * record ends up either accepted or in the rejected table with its reason and file:line (for
 * Parquet, the 1-based row within its file); a repeated id keeps its first occurrence. An input
 * of which no record is accepted is refused: it is the wrong file or the wrong shape, and an empty
 * prompts table would only fail later, far from the cause.
 */
public final class ImportStage extends FileImport {
  public enum Format { JSONL, PARQUET }

  /** Rejected records read to recognise the input's shape. */
  private static final int SHAPE_SAMPLE = 20;

  private final Format format;
  private final int maxPromptChars;
  private final String promptField;
  private final boolean strict;

  /** @param promptField the field that holds a text prompt ({@link PromptLineParser#PROMPT_FIELD} unless mapped) */
  public ImportStage(List<String> paths, Format format, int maxPromptChars, String promptField, boolean strict,
      Map<String, String> sources) {
    super(paths, sources);
    this.format = format;
    this.maxPromptChars = maxPromptChars;
    this.promptField = promptField;
    this.strict = strict;
  }

  @Override
  public String name() {
    return "import";
  }

  @Override
  public String table() {
    return PromptRow.TABLE;
  }

  @Override
  public JsonNode config() {
    return config(format.name().toLowerCase(java.util.Locale.ROOT), maxPromptChars, c -> {
      // Only when mapped, so imports made before the field could be mapped keep their fingerprint.
      if (!promptField.equals(PromptLineParser.PROMPT_FIELD)) c.put("prompt_field", promptField);
    });
  }

  @Override
  public StageOutput run(StageContext context) {
    SparkSession spark = context.spark();
    JavaRDD<PromptLineParser.Parsed> parsed = parse(spark, new PromptLineParser(maxPromptChars, promptField));
    return ImportRows.output(spark, parsed.map(p -> new ImportRows.Outcome(p.prompt(), p.rejected())), PromptRow.SCHEMA,
        "prompt_id", new Duplicates(), strict);
  }

  private JavaRDD<PromptLineParser.Parsed> parse(SparkSession spark, PromptLineParser parser) {
    if (format == Format.PARQUET) {
      return InputFiles.parquetAsJson(spark, paths).javaRDD().map(new ParseParquetRow(parser));
    }
    return InputFiles.lines(spark, paths).mapPartitionsWithInputSplit(new ParseLines<>(parser::parse), true);
  }

  /** An input of which nothing was accepted fails here, before the empty prompts table is committed. */
  @Override
  public Map<String, Long> review(StageContext context, Written written) {
    if (written.rowCount() == 0 && written.rejected() > 0) {
      ImportRows.refuseIfNoneAccepted(context, written,
          shapeOf(context.read(written.rejectedTable())).hint(promptField));
    }
    return Map.of();
  }

  /** The shape of the first rejected records; a file's first line says whether it is one JSON array. */
  private static InputShape shapeOf(Dataset<Row> rejected) {
    List<RejectedRow> first = rejected.orderBy("source", "line").limit(SHAPE_SAMPLE).collectAsList().stream()
        .map(RejectedRow::fromRow).toList();
    RejectedRow head = first.get(0);
    boolean fromTheTop = head.line() != null && head.line() == 1;
    return InputShape.of(first.stream().map(RejectedRow::raw).toList(), fromTheTop ? head.raw() : null);
  }

  /** A Parquet row, as JSON, through the same checks as a JSON line. */
  private static final class ParseParquetRow
      implements org.apache.spark.api.java.function.Function<Row, PromptLineParser.Parsed> {
    private final PromptLineParser parser;

    ParseParquetRow(PromptLineParser parser) {
      this.parser = parser;
    }

    @Override
    public PromptLineParser.Parsed call(Row row) {
      return parser.parse(row.getString(1), row.getLong(2) + 1, row.getString(0));
    }
  }

  /** A later occurrence of an id, pointing at the first. */
  private static final class Duplicates implements org.apache.spark.api.java.function.MapFunction<Row, Row> {
    @Override
    public Row call(Row r) {
      PromptRow p = PromptRow.fromRow(r);
      return ImportRows.duplicate(r, "prompt", p.promptId(), p.source(), p.sourceLine(), p.text(), PromptLineParser.STAGE);
    }
  }

  /** --strict met a bad record, or no record was accepted. */
  public static final class InputRejectedException extends RuntimeException {
    InputRejectedException(String message) {
      super(message);
    }
  }
}
