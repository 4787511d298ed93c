package dev.tribunal.jobs.roles;

/**
 * What a role does with a composed prompt (the judge's: question and response; the meta-judge's:
 * question, response and two judgements) that does not fit the model's context. EXCLUDE: the row
 * keeps the status context_overflow and no verdict. TRUNCATE: the inserted texts are cut in the
 * middle, the cut marked where the model sees it, to each of {@link #KEEP} of their length in
 * turn until the prompt fits; one that never fits is excluded. The question is never cut: a judge
 * must see what was asked. The middle goes first because a judgement's verdict is its last line
 * and an answer's first lines say what it is.
 */
public enum ContextOverflow {
  EXCLUDE,
  TRUNCATE;

  /** The shares of the inserted texts tried in turn. */
  public static final double[] KEEP = {0.5, 0.25, 0.125};

  /** text cut in the middle to about keep of its characters, the cut named in the text itself. */
  public static String cut(String text, double keep) {
    if (!(keep > 0 && keep < 1)) throw new IllegalArgumentException("keep must be in (0, 1), got " + keep);
    int length = text.length();
    int kept = (int) Math.floor(length * keep);
    int head = Math.max(0, kept - kept / 2);
    int tail = kept / 2;
    // Never split a surrogate pair: the cut moves to a whole code point.
    if (head > 0 && Character.isHighSurrogate(text.charAt(head - 1))) head--;
    if (tail > 0 && Character.isLowSurrogate(text.charAt(length - tail))) tail--;
    return text.substring(0, head) + "\n[... " + (length - head - tail) + " characters cut to fit the context ...]\n"
        + text.substring(length - tail);
  }
}
