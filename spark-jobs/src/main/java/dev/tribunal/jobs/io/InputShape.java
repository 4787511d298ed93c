package dev.tribunal.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises well-known corpus shapes among rejected records, to say what to do instead when a
 * whole input is refused: a file of preference pairs or of AlpacaEval annotations is a common
 * thing to hand to the importer by mistake, and "no 'prompt' field" alone does not say why.
 */
final class InputShape {
  private static final JsonFactory JSON = new JsonFactory();
  /** A line of a pretty-printed object: {@code   "instruction": "...",}. */
  private static final Pattern KEY_LINE = Pattern.compile("^\\s*\"([^\"]+)\"\\s*:");
  /** Fields that hold the prompt in common corpora, in the order they are suggested. */
  private static final List<String> PROMPT_FIELDS = List.of("instruction", "question", "query");

  private final Set<String> fields;
  private final boolean jsonArray;

  private InputShape(Set<String> fields, boolean jsonArray) {
    this.fields = fields;
    this.jsonArray = jsonArray;
  }

  /**
   * The shape of the first rejected records of a file, from their raw text.
   *
   * @param firstLine the raw text of the file's first line, if it was rejected
   */
  static InputShape of(List<String> raws, String firstLine) {
    Set<String> fields = new TreeSet<>();
    for (String raw : raws) {
      if (raw != null) fields.addAll(fieldsOf(raw));
    }
    return new InputShape(fields, firstLine != null && firstLine.strip().startsWith("["));
  }

  /** What to do instead, or empty when the shape is not one this knows. */
  Optional<String> hint(String promptField) {
    String array = jsonArray ? "the file is one JSON array, not JSON Lines: write one object per line first"
        + " (e.g. jq -c '.[]' FILE)" : null;
    String fix = fields.contains("chosen") && fields.contains("rejected") ? pairs(promptField)
        : promptFieldHint(promptField);
    if (array == null) return Optional.ofNullable(fix);
    return Optional.of(fix == null ? array : array + "; then " + fix);
  }

  private String pairs(String promptField) {
    String mapped = mappable(promptField)
        .map(f -> "; to import its prompts alone, use --prompt-field " + f)
        .orElse("; its prompts are inside the transcripts, with no field of their own for --prompt-field to name,"
            + " so extract them into a 'prompt' field first");
    return "the records have 'chosen' and 'rejected' fields: this is a corpus of preference pairs, not prompts"
        + " (import takes prompts, one per record in '" + promptField + "' or 'messages')" + mapped;
  }

  private String promptFieldHint(String promptField) {
    Optional<String> field = mappable(promptField);
    if (field.isEmpty()) return null;
    String what = fields.containsAll(Set.of("instruction", "output_1", "output_2", "preference"))
        ? "these are AlpacaEval annotations (instruction, output_1, output_2, preference)"
        : "the records have a '" + field.get() + "' field";
    return what + ": import their prompts with --prompt-field " + field.get();
  }

  /** A prompt-like field the records have and that is not already the one read. */
  private Optional<String> mappable(String promptField) {
    return PROMPT_FIELDS.stream().filter(fields::contains).filter(f -> !f.equals(promptField)).findFirst();
  }

  /**
   * The top-level field names of a JSON object, read as far as it parses (a long record's raw text
   * is cut short), or the key of one line of a pretty-printed object.
   */
  private static Set<String> fieldsOf(String raw) {
    Matcher line = KEY_LINE.matcher(raw);
    if (line.find()) return Set.of(line.group(1));
    Set<String> names = new TreeSet<>();
    try (JsonParser p = JSON.createParser(raw)) {
      int depth = 0;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t.isStructStart()) depth++;
        else if (t.isStructEnd()) depth--;
        else if (t == JsonToken.FIELD_NAME && depth == 1) names.add(p.currentName());
      }
    } catch (IOException e) {
      // Cut or broken: the names read so far are what there is.
    }
    return names;
  }
}
