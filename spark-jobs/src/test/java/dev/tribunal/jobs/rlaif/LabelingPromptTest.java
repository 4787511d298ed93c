package dev.tribunal.jobs.rlaif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.schemas.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelingPromptTest {
  private static final LabelingPrompt PROMPT = new LabelingPrompt("Pick one.",
      List.of(new Exemplar("User: 2+2?", "4", "5", "4 is right.", 1)), "Preferred Response=", "Rationale:",
      List.of("1", "2"));

  @Test
  void thePromptIsPreambleExemplarsSampleEndingInThatOrder() {
    String p = PROMPT.label("User: 3+3?", "6", "7");
    assertEquals("Pick one.\n\n"
        + "Context:\nUser: 2+2?\n\nResponse 1:\n4\n\nResponse 2:\n5\n\nRationale: 4 is right.\nPreferred Response=1\n\n"
        + "Context:\nUser: 3+3?\n\nResponse 1:\n6\n\nResponse 2:\n7\n\nPreferred Response=", p);
  }

  @Test
  void chainOfThoughtAsksForARationaleThenReadsTheLabelAfterIt() {
    String step1 = PROMPT.rationale("User: 3+3?", "6", "7");
    assertTrue(step1.endsWith("Response 2:\n7\n\nRationale:"), step1);
    String step2 = PROMPT.labelAfter("User: 3+3?", "6", "7", " 6 is right. \n");
    assertEquals(step1 + " 6 is right.\nPreferred Response=", step2);
  }

  @Test
  void theContextNamesEveryTurnsSpeaker() {
    assertEquals("User: Hi\nAssistant: Hello\nUser: Bye", LabelingPrompt.context(List.of(
        new Message("user", "Hi"), new Message("assistant", "Hello"), new Message("user", "Bye"))));
  }

  @Test
  void preambleSettingsNameBuiltInsOrAreTheText() {
    assertEquals(LabelingPrompt.BASE, LabelingPrompt.preamble("base"));
    assertEquals(LabelingPrompt.DETAILED, LabelingPrompt.preamble("Detailed"));
    assertEquals("Be fair.", LabelingPrompt.preamble("Be fair."));
  }

  @Test
  void exemplarsAreReadFromJsonLinesAndABadLineIsNamed(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("shots.jsonl");
    Files.writeString(good, "{\"context\":\"c\",\"response_1\":\"a\",\"response_2\":\"b\",\"label\":2}\n\n"
        + "{\"context\":\"c\",\"response_1\":\"a\",\"response_2\":\"b\",\"label\":1,\"rationale\":\"a is kind\"}\n");
    List<Exemplar> shots = Exemplars.read(good.toString());
    assertEquals(List.of(new Exemplar("c", "a", "b", null, 2), new Exemplar("c", "a", "b", "a is kind", 1)), shots);
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"context\":\"c\",\"response_1\":\"a\",\"response_2\":\"b\",\"label\":1}\n"
        + "{\"context\":\"c\",\"response_1\":\"a\",\"response_2\":\"b\",\"label\":3}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> Exemplars.read(bad.toString()));
    assertTrue(e.getMessage().contains("bad.jsonl:2") && e.getMessage().contains("1 or 2"), e.getMessage());
    assertEquals(List.of(), Exemplars.read(""));
  }
}
