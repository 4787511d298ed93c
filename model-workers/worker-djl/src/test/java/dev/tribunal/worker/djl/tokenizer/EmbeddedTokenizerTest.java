package dev.tribunal.worker.djl.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedTokenizerTest {

  @TempDir static Path dir;
  static ModelTokenizer tok;

  @BeforeAll
  static void load() {
    EmbeddedTokenizer.writeTo(dir);
    tok = ModelTokenizer.load(dir);
  }

  @AfterAll
  static void close() {
    tok.close();
  }

  @Test
  void textRoundTripsExactlyOneTokenPerCharacter() {
    String printable = IntStream.range(32, 127).mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
    for (String s : new String[] {printable, "  two  spaces  ", "\n\nline\n  indented\n", "tab\there\t", " ", "\n",
        "Score: 4/5\n\nReason: it's \"fine\" -- {ok}"}) {
      int[] ids = tok.encode(s, false);
      assertEquals(s.length(), ids.length, s);
      assertEquals(s, tok.decode(ids, ids.length));
    }
  }

  @Test
  void specialTokensAreSingleIdsAndSkippedInDecodedText() {
    assertEquals(EmbeddedTokenizer.PAD_ID, tok.tokenId("<pad>"));
    assertEquals(EmbeddedTokenizer.BOS_ID, tok.tokenId("<s>"));
    assertEquals(EmbeddedTokenizer.END_ID, tok.tokenId("<|end|>"));
    assertEquals(java.util.Set.of(EmbeddedTokenizer.END_ID), tok.eosIds());
    assertEquals(EmbeddedTokenizer.PAD_ID, tok.padId());
    int[] ids = tok.encode("<|user|>\nhi<|end|>", false);
    assertEquals(5, ids.length);
    assertEquals("\nhi", tok.decode(ids, ids.length));
    assertArrayEquals(new int[] {EmbeddedTokenizer.BOS_ID, tok.tokenId("a")}, tok.encode("a", true));
    assertThrows(IllegalArgumentException.class, () -> tok.tokenId("ab"));
  }

  @Test
  void longTextIsNeverTruncated() {
    String s = "abc ".repeat(1000);
    assertEquals(4000, tok.encode(s, false).length);
  }

  @Test
  void vocabularySizeMatchesTheResource() throws IOException {
    var json = new ObjectMapper().readTree(dir.resolve("tokenizer.json").toFile());
    assertEquals(EmbeddedTokenizer.VOCAB_SIZE, json.path("model").path("vocab").size());
    assertTrue(json.path("model").path("vocab").has("\n"));
  }
}
