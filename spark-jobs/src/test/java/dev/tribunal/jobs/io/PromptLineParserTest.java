package dev.tribunal.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tribunal.schemas.RejectReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PromptLineParserTest {
  private final PromptLineParser parser = new PromptLineParser(20);

  private RejectReason reason(String line) {
    PromptLineParser.Parsed p = parser.parse("f.jsonl", 7, line);
    assertNull(p.prompt(), line);
    assertEquals(7L, p.rejected().line());
    assertEquals("f.jsonl", p.rejected().source());
    return p.rejected().reason();
  }

  @Test
  void acceptsTextAndChatPrompts() {
    var text = parser.parse("f", 1, "{\"id\": 3, \"prompt\": \"add 2 and 3\", \"metadata\": {\"family\": \"add\"}}").prompt();
    assertEquals("3", text.promptId());
    assertEquals("add 2 and 3", text.text());
    assertEquals("add", text.metadata().get("family"));
    var chat = parser.parse("f", 2, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}").prompt();
    assertNotNull(chat.messages());
    assertEquals(chat.promptId(), parser.parse("g", 9, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}").prompt().promptId());
  }

  @Test
  void eachBadKindHasItsReason() {
    assertEquals(RejectReason.INVALID_JSON, reason("{\"prompt\": "));
    assertEquals(RejectReason.INVALID_JSON, reason("[1, 2]"));
    assertEquals(RejectReason.MISSING_PROMPT, reason("{\"id\": \"a\"}"));
    assertEquals(RejectReason.EMPTY_PROMPT, reason("{\"prompt\": \"  \"}"));
    assertEquals(RejectReason.TOO_LONG, reason("{\"prompt\": \"" + "x".repeat(21) + "\"}"));
    assertEquals(RejectReason.INVALID_FIELD, reason("{\"prompt\": 5}"));
    assertEquals(RejectReason.INVALID_FIELD, reason("{\"prompt\": \"a\", \"messages\": [{\"role\": \"user\", \"content\": \"b\"}]}"));
    assertEquals(RejectReason.INVALID_FIELD, reason("{\"messages\": [{\"role\": \"robot\", \"content\": \"b\"}]}"));
    assertEquals(RejectReason.MISSING_FIELD, reason("{\"messages\": [{\"role\": \"user\"}]}"));
  }

  @Test
  void invalidUtf8IsRejectedNotReplaced() {
    byte[] good = "{\"prompt\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("caf\u00e9", parser.parse("f", 1, good, good.length).prompt().text());
    byte[] bad = {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    PromptLineParser.Parsed p = parser.parse("f", 4, bad, bad.length);
    assertEquals(RejectReason.INVALID_UTF8, p.rejected().reason());
    assertEquals(4L, p.rejected().line());
  }

  @Test
  void detailSaysWhatIsAllowed() {
    var r = parser.parse("f", 1, "{\"prompt\": \"" + "x".repeat(30) + "\"}").rejected();
    assertEquals("the prompt has 30 characters; the limit is 20 (input.max_prompt_chars)", r.detail());
  }
}
