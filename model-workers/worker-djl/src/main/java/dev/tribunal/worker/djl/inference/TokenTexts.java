package dev.tribunal.worker.djl.inference;

import dev.tribunal.worker.djl.inference.Generator.Detokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text of one token where it stands: what decoding it after the tokens before it adds. A
 * token's text depends on its left context (SentencePiece drops the space of a text's first
 * word; byte-level BPE may need the next token to finish a character), so it is the difference of
 * two decodes over a short window, as vLLM's incremental detokenizer does.
 */
public final class TokenTexts {
  /** Tokens of left context: enough for any merge or space rule we know of, few enough to be cheap. */
  static final int WINDOW = 6;

  private TokenTexts() {}

  /** The texts of ids[from..to), each in the context of the ids before it. */
  public static List<String> of(Detokenizer d, int[] ids, int from, int to) {
    List<String> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) out.add(at(d, ids, i, ids[i]));
    return out;
  }

  /** The text token would have if it stood at position i, after ids[..i). */
  public static String at(Detokenizer d, int[] ids, int i, int token) {
    int start = Math.max(0, i - WINDOW);
    int[] window = Arrays.copyOfRange(ids, start, i + 1);
    window[window.length - 1] = token;
    String before = d.decode(window, window.length - 1);
    String after = d.decode(window, window.length);
    int common = 0;
    // A character left unfinished before (U+FFFD) and finished now belongs to this token.
    while (common < before.length() && common < after.length() && before.charAt(common) == after.charAt(common)) common++;
    return after.substring(common);
  }
}
