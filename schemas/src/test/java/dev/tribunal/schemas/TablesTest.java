package dev.tribunal.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class TablesTest {
  @Test
  void everyTableIsListedOnceWithItsOwnName() {
    List<String> names = Arrays.stream(Tables.values()).map(Tables::tableName).toList();
    assertEquals(List.of("prompts", "samples", "judgments", "meta_judgments", "ratings",
        "preference_pairs", "corpus_pairs", "ai_labels", "rewards", "rejected"), names);
    for (Tables table : Tables.values()) {
      assertEquals(table, Tables.byName(table.tableName()));
      assertEquals(table.name().toLowerCase(java.util.Locale.ROOT), table.tableName());
    }
  }

  @Test
  void unknownTableIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tables.byName("verdicts"));
    assertEquals("unknown table 'verdicts'", e.getMessage());
  }

  @Test
  void columnNamesAreSnakeCaseAndUnique() {
    for (Tables table : Tables.values()) {
      Set<String> seen = new HashSet<>();
      for (StructField field : table.schema().fields()) {
        assertTrue(field.name().matches("[a-z][a-z0-9_]*"), table + "." + field.name());
        assertTrue(seen.add(field.name()), table + "." + field.name() + " twice");
      }
    }
  }

  @Test
  void jsonSchemaResourcesExist() {
    for (Tables table : Tables.values()) {
      assertEquals("/dev/tribunal/schemas/json/" + table.tableName() + ".schema.json",
          table.jsonSchemaResource());
      assertTrue(table.jsonSchema().contains("\"title\": \"" + table.tableName() + "\""),
          table.tableName());
    }
  }
}
