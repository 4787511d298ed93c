package dev.tribunal.schemas;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One chat turn inside a table (prompts.messages, preference_pairs.prompt_messages): role is
 * "system", "user" or "assistant". Which roles a model accepts is its chat template's business,
 * so the table only requires both parts to be present.
 */
public record Message(String role, String content) implements Serializable {
  static final String WHERE = "message";

  public static final StructType STRUCT = new StructType(new StructField[] {
      Columns.required("role", DataTypes.StringType),
      Columns.required("content", DataTypes.StringType)});

  /** The column type of a list of messages: no null elements. */
  public static final DataType ARRAY = DataTypes.createArrayType(STRUCT, false);

  public Message {
    Columns.present(role, WHERE, "role");
    Columns.present(content, WHERE, "content");
  }

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {role, content}, STRUCT);
  }

  public static Message fromRow(Row row) {
    RowReader r = new RowReader(row, WHERE, STRUCT);
    return new Message(r.required("role", String.class), r.required("content", String.class));
  }

  static Object toCell(Message message) {
    return message.toRow();
  }

  static Message fromCell(Object cell) {
    if (!(cell instanceof Row row)) {
      throw new IllegalArgumentException(WHERE + ": expected a struct row but found "
          + (cell == null ? "null" : cell.getClass().getName()));
    }
    return fromRow(row);
  }

  /**
   * A prompt is plain text (sent as it is) or chat messages (rendered with the model's chat
   * template), exactly one; a training prompt must keep the same form as the sampling prompt
   * or the prompt/response boundary moves in token space.
   */
  static List<Message> checkTextOrMessages(String text, List<Message> messages, String table) {
    if ((text == null) == (messages == null)) {
      throw new IllegalArgumentException(table + ": exactly one of text and messages must be set");
    }
    if (messages != null && messages.isEmpty()) {
      throw new IllegalArgumentException(table + ": messages is empty");
    }
    return messages == null ? null : List.copyOf(messages);
  }
}
