package dev.tribunal.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The records refuse rows that break the table contract, with messages naming the column. */
class RecordChecksTest {
  private static void assertRejected(String expectedInMessage, Executable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertTrue(e.getMessage().contains(expectedInMessage),
        "expected '" + expectedInMessage + "' in: " + e.getMessage());
  }

  @Test
  void promptIsTextOrMessagesExactlyOne() {
    assertRejected("exactly one of text and messages",
        () -> new PromptRow("p", "hi", Fixtures.CHAT, "f", 1L, Map.of()));
    assertRejected("exactly one of text and messages",
        () -> new PromptRow("p", null, null, "f", 1L, Map.of()));
    assertRejected("messages is empty",
        () -> new PromptRow("p", null, List.of(), "f", 1L, Map.of()));
  }

  @Test
  void requiredColumnsAreNamedWhenNull() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> new SampleRow("s", null, 0, 0, 1L, "r", 1, 1, "stop", "m", null));
    assertEquals("samples.prompt_id is required but null", e.getMessage());
  }

  @Test
  void countsCannotBeNegative() {
    assertRejected("samples.token_count is negative",
        () -> new SampleRow("s", "p", 0, 0, 1L, "r", -1, 1, "stop", "m", null));
  }

  @Test
  void aParseFailureIsNeverANumber() {
    assertRejected("judgments.score is 3 but parse_status no_match carries no value",
        () -> new JudgmentRow("j", "s", "p", 0, 0, 1L, "x", ParseStatus.NO_MATCH, 3, "stop", 1,
            1, "m", false, null));
    assertRejected("judgments.score is null but parse_status is ok",
        () -> new JudgmentRow("j", "s", "p", 0, 0, 1L, "x", ParseStatus.OK, null, "stop", 1, 1,
            "m", false, null));
    assertRejected("meta_judgments.winner is A but parse_status truncated carries no value",
        () -> new MetaJudgmentRow("m", "p", "s", 0, "ja", "jb", 1L, "x", ParseStatus.TRUNCATED,
            Winner.A, "length", 1, 1, "m"));
  }

  @Test
  void acceptedConflictingVerdictMayCarryAValue() {
    JudgmentRow judgment = new JudgmentRow("j", "s", "p", 0, 0, 1L, "Score: 2\nScore: 4",
        ParseStatus.MULTIPLE_CONFLICTING, 4, "stop", 1, 1, "m", false, null);
    assertTrue(judgment.isValid());
  }

  @Test
  void winnerIdsFollowThePositions() {
    MetaJudgmentRow battle = new MetaJudgmentRow("m", "p", "s", 0, "ja", "jb", 1L, "x",
        ParseStatus.OK, Winner.B, "stop", 1, 1, "m");
    assertEquals("jb", battle.winnerId());
    assertEquals("ja", battle.loserId());
    assertRejected("a judgment battles itself", () -> new MetaJudgmentRow("m", "p", "s", 0,
        "ja", "ja", 1L, "x", ParseStatus.OK, Winner.A, "stop", 1, 1, "m"));
  }

  @Test
  void winsStayWithinBattles() {
    assertRejected("ratings.wins is 5.0, outside [0, battles=4]",
        () -> new RatingRow("s", "p", 0, "j", 1000, 4, 5.0, null, 1, true));
    assertRejected("ratings.rating is not finite",
        () -> new RatingRow("s", "p", 0, "j", Double.NaN, 4, 1.0, null, 1, true));
  }

  @Test
  void referenceLogProbsComeAsASet() {
    PreferencePairRow pair = (PreferencePairRow) Fixtures.rows(Tables.PREFERENCE_PAIRS).get(1);
    assertFalse(pair.hasReference());
    PreferencePairRow filled = pair.withReference(-1.5, -2.5, "m0");
    assertTrue(filled.hasReference());
    assertEquals(-2.5, filled.refRejectedLogp());
    assertEquals(pair.chosen(), filled.chosen());
    assertRejected("must be all set or all null", () -> new PreferencePairRow("b", "p", 0,
        PairKind.JUDGE, "x", null, "c", "r", "j1", "j2", null, null, 1, 1, LengthUnit.CHARS,
        -1.0, null, "m0"));
    assertRejected("chosen and rejected are both j1", () -> new PreferencePairRow("b", "p", 0,
        PairKind.JUDGE, "x", null, "c", "r", "j1", "j1", null, null, 1, 1, LengthUnit.CHARS,
        null, null, null));
  }

  @Test
  void rawInputIsCutIdempotentlyWithoutSplittingASurrogatePair() {
    String longRaw = "x".repeat(RejectedRow.MAX_RAW_CHARS - 2) + "🙂🙂";
    RejectedRow row = new RejectedRow("f", 1L, RejectReason.TOO_LONG, "too long", longRaw, "load");
    assertEquals(RejectedRow.MAX_RAW_CHARS - 1, row.raw().length());
    assertTrue(row.raw().endsWith("x" + RejectedRow.CUT_MARK), "the emoji is dropped whole");
    assertEquals(row, RejectedRow.fromRow(row.toRow()));
    String exact = "y".repeat(RejectedRow.MAX_RAW_CHARS);
    assertEquals(exact, new RejectedRow("f", 1L, RejectReason.TOO_LONG, "d", exact, "l").raw());
  }

  @Test
  void decodingNamesTheTableAndColumn() {
    Object[] values = Fixtures.values(Fixtures.rows(Tables.SAMPLES).get(0).toRow());
    values[SampleRow.SCHEMA.fieldIndex("response")] = null;
    assertRejected("samples.response is required but null",
        () -> SampleRow.fromRow(new GenericRowWithSchema(values, SampleRow.SCHEMA)));
    values[SampleRow.SCHEMA.fieldIndex("response")] = 42;
    assertRejected("samples.response: expected String but found java.lang.Integer",
        () -> SampleRow.fromRow(new GenericRowWithSchema(values, SampleRow.SCHEMA)));
    values[SampleRow.SCHEMA.fieldIndex("response")] = "ok";
    values[SampleRow.SCHEMA.fieldIndex("excluded_reason")] = "boring";
    assertRejected("samples.excluded_reason: unknown code 'boring', expected one of [duplicate,",
        () -> SampleRow.fromRow(new GenericRowWithSchema(values, SampleRow.SCHEMA)));
  }

  @Test
  void decodingAMissingColumnNamesIt() {
    Row prompt = Fixtures.rows(Tables.PROMPTS).get(0).toRow();
    assertRejected("samples: the row has no column sample_id", () -> SampleRow.fromRow(prompt));
  }

  @Test
  void unparsedVerdictDecodesToNull() {
    JudgmentRow judgment = (JudgmentRow) Fixtures.rows(Tables.JUDGMENTS).get(1);
    assertNull(JudgmentRow.fromRow(judgment.toRow()).score());
  }
}
