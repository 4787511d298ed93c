package dev.tribunal.schemas;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/** Building blocks shared by the row codecs: column declarations and values as Spark holds them. */
final class Columns {
  private Columns() {}

  static StructField required(String name, DataType type) {
    return new StructField(name, type, false, Metadata.empty());
  }

  static StructField nullable(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  /** Non-null string keys and values: the shape of every metadata map. */
  static DataType stringMap() {
    return DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false);
  }

  /** A value for a required column: rejects null with the table and column in the message. */
  static <T> T present(T value, String table, String column) {
    return Objects.requireNonNull(value, () -> table + "." + column + " is required but null");
  }

  static int nonNegative(int value, String table, String column) {
    if (value < 0) {
      throw new IllegalArgumentException(table + "." + column + " is negative: " + value);
    }
    return value;
  }

  static String code(Coded value) {
    return value == null ? null : value.code();
  }

  /** Spark's row encoder wants Scala collections for array columns. */
  static <T> scala.collection.immutable.Seq<Object> seq(List<T> values, Function<T, Object> cell) {
    if (values == null) {
      return null;
    }
    List<Object> cells = values.stream().map(cell).toList();
    return CollectionConverters.asScala(cells).toList();
  }

  /** Spark's row encoder wants Scala maps for map columns. */
  static scala.collection.Map<String, String> map(Map<String, String> values) {
    return values == null ? null : CollectionConverters.asScala(values);
  }
}
