package dev.tribunal.schemas;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads one row by column name, so that rows from Spark (with a schema, in any column order)
 * and rows built by hand (RowFactory, positional in the table's order) both decode. Every
 * error names the table and the column.
 */
final class RowReader {
  private final Row row;
  private final String table;
  private final StructType schema;

  RowReader(Row row, String table, StructType schema) {
    this.row = Columns.present(row, table, "row");
    this.table = table;
    this.schema = schema;
  }

  /**
   * A column's value as the type its schema gives it (String, Integer, Long, Double, Boolean), which
   * must not be null; ints, longs, doubles and booleans unbox where the row's record takes them.
   */
  <T> T required(String column, Class<T> type) {
    return type.cast(typed(column, present(column), type));
  }

  /** The same for a nullable column: null stays null. */
  <T> T nullable(String column, Class<T> type) {
    Object value = value(column);
    return value == null ? null : type.cast(typed(column, value, type));
  }

  <E extends Enum<E> & Coded> E code(Class<E> type, String column) {
    return Coded.parse(type, required(column, String.class), table + "." + column);
  }

  <E extends Enum<E> & Coded> E codeOrNull(Class<E> type, String column) {
    String code = nullable(column, String.class);
    return code == null ? null : Coded.parse(type, code, table + "." + column);
  }

  /** An array column; Spark hands back a Scala Seq, hand-built rows may hold a java.util.List. */
  <T> List<T> listOrNull(String column, Function<Object, T> element) {
    Object value = value(column);
    if (value == null) {
      return null;
    }
    List<?> cells;
    if (value instanceof scala.collection.Seq<?> seq) {
      cells = CollectionConverters.asJava(seq);
    } else if (value instanceof List<?> list) {
      cells = list;
    } else {
      throw wrongType(column, "array", value);
    }
    return cells.stream().map(element).toList();
  }

  /** A map column; Spark hands back a Scala Map, hand-built rows may hold a java.util.Map. */
  Map<String, String> stringMap(String column) {
    Object value = present(column);
    if (value instanceof scala.collection.Map<?, ?> map) {
      return cast(CollectionConverters.asJava(map));
    }
    if (value instanceof Map<?, ?> map) {
      return cast(map);
    }
    throw wrongType(column, "map", value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> cast(Map<?, ?> map) {
    return (Map<String, String>) map;
  }

  private Object typed(String column, Object value, Class<?> type) {
    if (!type.isInstance(value)) {
      throw wrongType(column, type.getSimpleName(), value);
    }
    return value;
  }

  private Object present(String column) {
    Object value = value(column);
    if (value == null) {
      throw new IllegalArgumentException(table + "." + column + " is required but null");
    }
    return value;
  }

  private Object value(String column) {
    StructType own = row.schema();
    try {
      return row.get(own != null ? own.fieldIndex(column) : schema.fieldIndex(column));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(table + ": the row has no column " + column, e);
    }
  }

  private IllegalArgumentException wrongType(String column, String expected, Object value) {
    return new IllegalArgumentException(table + "." + column + ": expected " + expected
        + " but found " + value.getClass().getName());
  }
}
