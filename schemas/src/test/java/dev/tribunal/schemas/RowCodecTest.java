package dev.tribunal.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RowCodecTest {
  static Stream<Arguments> examples() {
    return Stream.of(Tables.values())
        .flatMap(table -> Fixtures.rows(table).stream().map(row -> Arguments.of(table, row)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("examples")
  void recordSurvivesRowWithSchema(Tables table, TableRow record) {
    Row row = record.toRow();
    assertSame(table.schema(), row.schema());
    assertEquals(record, table.fromRow(row));
  }

  /** Hand-built rows (RowFactory) carry no schema: they decode positionally. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("examples")
  void recordSurvivesRowWithoutSchema(Tables table, TableRow record) {
    Row positional = RowFactory.create(Fixtures.values(record.toRow()));
    assertEquals(record, table.fromRow(positional));
  }

  /** Spark's own serializer and deserializer, as a Dataset would use them, without a session. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("examples")
  void recordSurvivesSparkEncoder(Tables table, TableRow record) {
    ExpressionEncoder<Row> encoder =
        org.apache.spark.sql.catalyst.encoders.package$.MODULE$.encoderFor(table.encoder());
    InternalRow internal = encoder.createSerializer().apply(record.toRow()).copy();
    ExpressionEncoder<Row> bound =
        encoder.resolveAndBind(encoder.resolveAndBind$default$1(),
            encoder.resolveAndBind$default$2());
    Row decoded = bound.createDeserializer().apply(internal);
    assertEquals(record, table.fromRow(decoded));
  }

  /** Spark functions may capture or return rows, so Java serialization must keep them whole. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("examples")
  void recordSurvivesJavaSerialization(Tables table, TableRow record) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(record);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(record, in.readObject());
    }
  }

  /** Each nullable column is null in one fixture and set in another, or round trips prove less. */
  @ParameterizedTest
  @EnumSource(Tables.class)
  void fixturesCoverBothSidesOfEveryNull(Tables table) {
    List<Row> rows = new ArrayList<>();
    Fixtures.rows(table).forEach(record -> rows.add(record.toRow()));
    for (StructField field : table.schema().fields()) {
      int i = table.schema().fieldIndex(field.name());
      boolean someNull = rows.stream().anyMatch(row -> row.isNullAt(i));
      boolean someValue = rows.stream().anyMatch(row -> !row.isNullAt(i));
      assertTrue(someValue, table.tableName() + "." + field.name() + " never has a value");
      assertEquals(field.nullable(), someNull,
          table.tableName() + "." + field.name() + " null in fixtures vs nullable");
    }
  }

  @Test
  void metadataIsSortedSoRowsAreStable() {
    PromptRow prompt = (PromptRow) Fixtures.rows(Tables.PROMPTS).get(0);
    assertEquals(List.of("difficulty", "family"), new ArrayList<>(prompt.metadata().keySet()));
  }

  @Test
  void encoderSchemaIsTheTableSchema() {
    for (Tables table : Tables.values()) {
      assertEquals(table.schema(), table.encoder().schema(), table.tableName());
      assertFalse(table.schema().isEmpty(), table.tableName());
    }
  }
}
