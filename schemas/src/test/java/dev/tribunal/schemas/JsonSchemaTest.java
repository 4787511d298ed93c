package dev.tribunal.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JsonSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode parse(Tables table) throws IOException {
    return JSON.readTree(table.jsonSchema());
  }

  @ParameterizedTest
  @EnumSource(Tables.class)
  void jsonSchemaEqualsSparkSchema(Tables table) throws IOException {
    assertEquals(List.of(), JsonSchemaCheck.mismatches(table.tableName(), table.schema(),
        parse(table)));
  }

  @ParameterizedTest
  @EnumSource(Tables.class)
  void jsonSchemaDeclaresDraft2020AndItsTable(Tables table) throws IOException {
    JsonNode schema = parse(table);
    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    assertEquals(table.tableName(), schema.path("title").asText());
    assertEquals(false, schema.path("additionalProperties").asBoolean(true));
  }

  /** Each breakage is (what to change, the field the report must name, a word it must say). */
  @Test
  void brokenSchemasAreReportedByTableAndField() throws IOException {
    assertBroken(Tables.SAMPLES, "samples.token_count", "string",
        s -> node(s, "/properties/token_count").put("type", "string"));
    assertBroken(Tables.SAMPLES, "samples.response", "missing from the JSON Schema",
        s -> props(s).remove("response"));
    assertBroken(Tables.SAMPLES, "samples.temperature", "missing from the Spark schema",
        s -> props(s).putObject("temperature").put("type", "number"));
    assertBroken(Tables.JUDGMENTS, "judgments.score", "the JSON Schema requires it",
        s -> ((ArrayNode) s.get("required")).add("score"));
    assertBroken(Tables.JUDGMENTS, "judgments.score", "excludes null",
        s -> node(s, "/properties/score").put("type", "integer"));
    assertBroken(Tables.SAMPLES, "samples.seed", "int64",
        s -> node(s, "/properties/seed").put("format", "int32"));
    assertBroken(Tables.PROMPTS, "prompts.messages[].role", "integer",
        s -> node(s, "/$defs/message/properties/role").put("type", "integer"));
    assertBroken(Tables.PROMPTS, "prompts.metadata{}", "number",
        s -> node(s, "/properties/metadata/additionalProperties").put("type", "number"));
    assertBroken(Tables.PREFERENCE_PAIRS, "preference_pairs.prompt_messages[]", "$ref",
        s -> node(s, "/properties/prompt_messages/items").put("$ref", "#/$defs/nothing"));
    assertBroken(Tables.RATINGS, "ratings: column order", "order",
        s -> {
          JsonNode rating = props(s).remove("rating");
          props(s).set("rating", rating);
        });
  }

  @Test
  void everyRequiredColumnMustBeAProperty() throws IOException {
    assertBroken(Tables.REJECTED, "rejected.nothing", "not among its properties",
        s -> ((ArrayNode) s.get("required")).add("nothing"));
  }

  /** Columns holding enum codes list exactly the codes of the Java enum (and null if nullable). */
  @Test
  void enumColumnsListTheJavaCodes() throws IOException {
    assertCodes(Tables.SAMPLES, "excluded_reason", ExclusionReason.class);
    assertCodes(Tables.JUDGMENTS, "parse_status", ParseStatus.class);
    assertCodes(Tables.META_JUDGMENTS, "parse_status", ParseStatus.class);
    assertCodes(Tables.META_JUDGMENTS, "winner", Winner.class);
    assertCodes(Tables.PREFERENCE_PAIRS, "kind", PairKind.class);
    assertCodes(Tables.PREFERENCE_PAIRS, "length_unit", LengthUnit.class);
    assertCodes(Tables.CORPUS_PAIRS, "format", PairFormat.class);
    assertCodes(Tables.AI_LABELS, "missing_reason", LabelMissing.class);
    assertCodes(Tables.REWARDS, "missing_reason", LabelMissing.class);
    assertCodes(Tables.REJECTED, "reason", RejectReason.class);
  }

  @Test
  void rawColumnBoundMatchesTheRecord() throws IOException {
    assertEquals(RejectedRow.MAX_RAW_CHARS,
        props(parse(Tables.REJECTED)).path("raw").path("maxLength").asInt());
  }

  private static <E extends Enum<E> & Coded> void assertCodes(Tables table, String column,
      Class<E> type) throws IOException {
    List<String> expected = new ArrayList<>(Coded.codes(type));
    if (table.schema().apply(column).nullable()) {
      expected.add(null);
    }
    List<String> actual = new ArrayList<>();
    props(parse(table)).path(column).path("enum")
        .forEach(code -> actual.add(code.isNull() ? null : code.asText()));
    assertEquals(expected, actual, table.tableName() + "." + column);
  }

  private static void assertBroken(Tables table, String field, String word,
      Consumer<ObjectNode> breakIt) throws IOException {
    ObjectNode schema = (ObjectNode) parse(table);
    breakIt.accept(schema);
    List<String> mismatches =
        JsonSchemaCheck.mismatches(table.tableName(), table.schema(), schema);
    assertTrue(mismatches.stream().anyMatch(m -> m.startsWith(field) && m.contains(word)),
        "expected a mismatch on " + field + " saying '" + word + "', got " + mismatches);
  }

  private static ObjectNode node(JsonNode schema, String pointer) {
    return (ObjectNode) schema.at(pointer);
  }

  private static ObjectNode props(JsonNode schema) {
    return (ObjectNode) schema.get("properties");
  }
}
