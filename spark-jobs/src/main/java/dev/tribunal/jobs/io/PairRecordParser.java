package dev.tribunal.jobs.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairFormat;
import dev.tribunal.schemas.RejectReason;
import dev.tribunal.schemas.RejectedRow;
import java.io.Serializable;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns one record of a preference corpus into a pair or a rejection with its reason and place.
 * Without a format, each record's fields say which it is, so a directory may mix corpora. Without
 * an "id", the id is derived from file and line: two corpora may hold the same pair with
 * different labels, and both are worth keeping.
 */
public final class PairRecordParser implements Serializable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String STAGE = "import-pairs";

  private final PairFormat format;
  private final int maxChars;

  /** @param format the corpus format, or null to recognise it from each record's fields */
  public PairRecordParser(PairFormat format, int maxChars) {
    this.format = format;
    this.maxChars = maxChars;
  }

  /** Either a pair or a rejection: exactly one is non-null. */
  public record Parsed(CorpusPairRow pair, RejectedRow rejected) implements Serializable {}

  /** One JSON line, rejected as a whole when it is not UTF-8. */
  public Parsed parse(String source, long line, byte[] bytes, int length) {
    try {
      String text = ImportRows.utf8(bytes, length);
      return parse(source, line, readObject(text), text);
    } catch (CharacterCodingException e) {
      String lossy = new String(bytes, 0, length, StandardCharsets.UTF_8);
      return reject(source, line, new PairFields.Bad(RejectReason.INVALID_UTF8, "the line is not valid UTF-8"), lossy);
    } catch (PairFields.Bad bad) {
      return reject(source, line, bad, new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
  }

  /** One record already read as JSON (an element of a JSON array file). */
  public Parsed parse(String source, long line, JsonNode node, String raw) {
    try {
      if (node == null || !node.isObject()) throw new PairFields.Bad(RejectReason.INVALID_JSON, "expected a JSON object");
      return new Parsed(accept(source, line, node), null);
    } catch (PairFields.Bad bad) {
      return reject(source, line, bad, raw);
    }
  }

  private CorpusPairRow accept(String source, long line, JsonNode node) throws PairFields.Bad {
    PairFormat f = format != null ? format : PairFields.recognise(node);
    PairFields p = switch (f) {
      case HH -> PairFields.hh(node);
      case TRL -> PairFields.trl(node);
      case ALPACA_EVAL -> PairFields.alpacaEval(node);
      case WORLD -> throw new IllegalStateException("world pairs are drawn, not read from files");
    };
    // One empty reply is data (HH prefers saying nothing to some harmful replies); two are no preference.
    if (p.responseA().isBlank() && p.responseB().isBlank()) {
      throw new PairFields.Bad(RejectReason.EMPTY_RESPONSE, "both responses are empty");
    }
    checkLengths(p);
    String id = PairFields.id(node);
    if (id == null) id = Ids.id("corpus_pair", source, Long.toString(line));
    return new CorpusPairRow(id, p.messages(), p.responseA(), p.responseB(), p.label(), f, source, line);
  }

  /** Each part on its own: the limit is what one prompt or one response may hold. */
  private void checkLengths(PairFields p) throws PairFields.Bad {
    int context = p.messages().stream().mapToInt(m -> m.content().length()).sum();
    for (var part : List.of(List.of("the conversation", context), List.of("response_a", p.responseA().length()),
        List.of("response_b", p.responseB().length()))) {
      int chars = (Integer) part.get(1);
      if (chars > maxChars) {
        throw new PairFields.Bad(RejectReason.TOO_LONG, part.get(0) + " has " + chars
            + " characters; the limit is " + maxChars + " (input.max_prompt_chars)");
      }
    }
  }

  static JsonNode readObject(String text) throws PairFields.Bad {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) throw new PairFields.Bad(RejectReason.INVALID_JSON, "expected a JSON object");
      return node;
    } catch (JsonProcessingException e) {
      throw new PairFields.Bad(RejectReason.INVALID_JSON, "invalid JSON: " + e.getOriginalMessage());
    }
  }

  static Parsed reject(String source, long line, PairFields.Bad bad, String raw) {
    return new Parsed(null, new RejectedRow(source, line, bad.reason, bad.getMessage(), raw, STAGE));
  }

  static List<Message> user(String text) {
    return List.of(new Message("user", text));
  }
}
