package dev.tribunal.schemas;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Example rows for every table: per table one with every nullable column set and one with as
 * many null as the record allows, so the codecs are exercised on both sides of every null.
 */
final class Fixtures {
  private Fixtures() {}

  static final List<Message> CHAT = List.of(
      new Message("system", "Answer briefly."),
      new Message("user", "What is 17 + 25? Ünïcödé and emoji 🙂 survive."));

  /** A row's cells, in column order. */
  static Object[] values(Row row) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    return values;
  }

  static List<TableRow> rows(Tables table) {
    return switch (table) {
      case PROMPTS -> List.of(
          new PromptRow("p1", "What is 2 + 2?", null, "prompts.jsonl", 3L,
              Map.of("family", "arithmetic", "difficulty", "2")),
          new PromptRow("p2", null, CHAT, "world", null, Map.of()));
      case SAMPLES -> List.of(
          new SampleRow("s1", "p1", 0, 2, 4_611_686_018_427_387_904L, "It is 4.", 5, 8, "stop",
              "seed-v0", null),
          new SampleRow("s2", "p1", 1, 0, 0L, "It is 4 and", 64, 11, "length", "m1",
              ExclusionReason.TRUNCATED));
      case JUDGMENTS -> List.of(
          new JudgmentRow("j1", "s1", "p1", 0, 0, 17L, "Relevant and correct.\nScore: 4",
              ParseStatus.OK, 4, "stop", 9, 31, "seed-v0", false, "4"),
          new JudgmentRow("j2", "s1", "p1", 0, 1, 18L, "I cannot decide.",
              ParseStatus.NO_MATCH, null, "stop", 4, 16, "seed-v0", true, null));
      case META_JUDGMENTS -> List.of(
          new MetaJudgmentRow("m1", "p1", "s1", 0, "j1", "j2", 5L,
              "A follows the rubric.\nWinner: Judgement A", ParseStatus.OK, Winner.A, "stop",
              12, 40, "seed-v0"),
          new MetaJudgmentRow("m2", "p1", "s1", 0, "j2", "j1", 6L, "", ParseStatus.EMPTY, null,
              "stop", 0, 0, "seed-v0"));
      case RATINGS -> List.of(
          new RatingRow("s1", "p1", 0, "j1", 1087.5, 4, 2.75, 4, 6, true),
          new RatingRow("s1", "p1", 0, "j2", 912.5, 4, 0.0, null, 6, true));
      case PREFERENCE_PAIRS -> List.of(
          new PreferencePairRow("a1", "p1", 0, PairKind.ACTOR, "What is 2 + 2?", null,
              "4.", "Five, because...", "s1", "s2", 4.5, 1.0, 2, 16, LengthUnit.TOKENS,
              -3.25, -20.5, "seed-v0"),
          new PreferencePairRow("b1", "p2", 0, PairKind.JUDGE, null, CHAT, "Score: 4",
              "Score: 5", "j1", "j2", null, null, 8, 8, LengthUnit.CHARS, null, null, null));
      case CORPUS_PAIRS -> List.of(
          new CorpusPairRow("c1", CHAT, "42.", "Forty-three.", 0.75, PairFormat.ALPACA_EVAL,
              "annotations.json", 12L),
          new CorpusPairRow("c2", List.of(new Message("user", "Hi")), "Hello!", "Go away.", null,
              PairFormat.TRL, "pairs.jsonl", null));
      case AI_LABELS -> List.of(
          new AiLabelRow("c1", 0.625, 0.75, 0.5, false, null, List.of("1 is exact.", "2 is exact."), "seed-v0"),
          new AiLabelRow("c2", null, null, null, null, LabelMissing.CONTEXT_OVERFLOW, null, "seed-v0"));
      case REWARDS -> List.of(
          new RewardRow("c1/a", "c1", 0.5, 7.75, null, "direct_rlaif", "seed-v0"),
          new RewardRow("c1/b", "c1", null, null, LabelMissing.LABEL_TOKEN_MISSING, "direct_rlaif", "seed-v0"));
      case REJECTED -> List.of(
          new RejectedRow("prompts.jsonl", 7L, RejectReason.INVALID_JSON,
              "expected a JSON object, found '{\"text\": '", "{\"text\": ", "load-prompts"),
          new RejectedRow("prompts", null, RejectReason.DUPLICATE_ID, "prompt_id p1 seen twice",
              null, "load-prompts"));
    };
  }
}
