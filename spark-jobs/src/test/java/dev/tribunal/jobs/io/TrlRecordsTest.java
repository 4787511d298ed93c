package dev.tribunal.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairFormat;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrlRecordsTest {
  private static final CorpusPairRow PAIR = new CorpusPairRow("c1", List.of(new Message("user", "2+2?")), "4", "5",
      1.0, PairFormat.TRL, "f.jsonl", 1L);

  private static AiLabelRow label(Double p) {
    return new AiLabelRow("c1", p, p, null, null, p == null ? dev.tribunal.schemas.LabelMissing.LABEL_TOKEN_MISSING
        : null, null, "m");
  }

  @Test
  void theResponseTheLabelerPrefersIsChosenWithItsProbability() {
    assertEquals("{\"id\":\"c1\",\"prompt\":[{\"role\":\"user\",\"content\":\"2+2?\"}],"
        + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"5\"}],"
        + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"4\"}],\"soft_label\":0.75}",
        TrlRecords.labeled(PAIR, label(0.25)).toString());
  }

  @Test
  void aMissingOrEvenLabelGivesNoRecord() {
    assertNull(TrlRecords.labeled(PAIR, label(null)));
    assertNull(TrlRecords.labeled(PAIR, label(0.5)));
  }

  @Test
  void aLoopPairWithATextPromptIsStandardTrlWithItsKind() {
    PreferencePairRow p = new PreferencePairRow("a1", "p1", 0, PairKind.ACTOR, "What is 2 + 2?", null, "4.", "Five.",
        "s1", "s2", 4.5, 1.0, 2, 5, LengthUnit.CHARS, null, null, null);
    assertEquals("{\"id\":\"a1\",\"prompt\":\"What is 2 + 2?\",\"chosen\":\"4.\",\"rejected\":\"Five.\","
        + "\"kind\":\"actor\"}", TrlRecords.loop(p).toString());
  }
}
