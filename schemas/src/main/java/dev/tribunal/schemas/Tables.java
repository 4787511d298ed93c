package dev.tribunal.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Every table of a run, with its Spark schema, row encoder, decoder and JSON Schema. */
public enum Tables {
  PROMPTS(PromptRow.TABLE, PromptRow.SCHEMA, PromptRow.ENCODER, PromptRow::fromRow),
  SAMPLES(SampleRow.TABLE, SampleRow.SCHEMA, SampleRow.ENCODER, SampleRow::fromRow),
  JUDGMENTS(JudgmentRow.TABLE, JudgmentRow.SCHEMA, JudgmentRow.ENCODER, JudgmentRow::fromRow),
  META_JUDGMENTS(MetaJudgmentRow.TABLE, MetaJudgmentRow.SCHEMA, MetaJudgmentRow.ENCODER,
      MetaJudgmentRow::fromRow),
  RATINGS(RatingRow.TABLE, RatingRow.SCHEMA, RatingRow.ENCODER, RatingRow::fromRow),
  PREFERENCE_PAIRS(PreferencePairRow.TABLE, PreferencePairRow.SCHEMA, PreferencePairRow.ENCODER,
      PreferencePairRow::fromRow),
  CORPUS_PAIRS(CorpusPairRow.TABLE, CorpusPairRow.SCHEMA, CorpusPairRow.ENCODER, CorpusPairRow::fromRow),
  AI_LABELS(AiLabelRow.TABLE, AiLabelRow.SCHEMA, AiLabelRow.ENCODER, AiLabelRow::fromRow),
  REWARDS(RewardRow.TABLE, RewardRow.SCHEMA, RewardRow.ENCODER, RewardRow::fromRow),
  REJECTED(RejectedRow.TABLE, RejectedRow.SCHEMA, RejectedRow.ENCODER, RejectedRow::fromRow);

  private static final String JSON_DIR = "/dev/tribunal/schemas/json/";

  private final String tableName;
  private final StructType schema;
  private final Encoder<Row> encoder;
  private final Function<Row, ? extends TableRow> decoder;

  Tables(String tableName, StructType schema, Encoder<Row> encoder,
      Function<Row, ? extends TableRow> decoder) {
    this.tableName = tableName;
    this.schema = schema;
    this.encoder = encoder;
    this.decoder = decoder;
  }

  /** The directory name under iter=&lt;t&gt;/ and the name used in messages. */
  public String tableName() {
    return tableName;
  }

  public StructType schema() {
    return schema;
  }

  public Encoder<Row> encoder() {
    return encoder;
  }

  /** Decodes one row into the table's record, with the record's checks. */
  public TableRow fromRow(Row row) {
    return decoder.apply(row);
  }

  /** The class-path resource holding the table's JSON Schema (draft 2020-12). */
  public String jsonSchemaResource() {
    return JSON_DIR + tableName + ".schema.json";
  }

  /** The JSON Schema text. */
  public String jsonSchema() {
    try (InputStream in = Tables.class.getResourceAsStream(jsonSchemaResource())) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + jsonSchemaResource());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jsonSchemaResource(), e);
    }
  }

  public static Tables byName(String tableName) {
    for (Tables table : values()) {
      if (table.tableName.equals(tableName)) {
        return table;
      }
    }
    throw new IllegalArgumentException("unknown table '" + tableName + "'");
  }
}
