package dev.tribunal.worker.serve;

import java.util.ArrayList;
import java.util.List;

/**
 * A streamed delta: its text and the token positions [from, to) whose log-probs travel with it.
 * The pieces of a choice concatenate to its text, whatever the worker reports about tokens.
 */
record Piece(String text, int from, int to) {

  /**
   * The text cut where its tokens end, token by token from position first. Text past the last
   * token (a stop string cut inside a token) is a piece of its own; token texts that do not spell
   * the text (a token that splits a character) give one piece holding all of them.
   */
  static List<Piece> split(String text, List<String> tokenTexts, int first, int tokens) {
    List<Piece> out = new ArrayList<>();
    int at = 0;
    for (int i = 0; tokenTexts != null && i < tokenTexts.size(); i++) {
      String t = tokenTexts.get(i);
      if (!text.startsWith(t, at)) return List.of(new Piece(text, first, first + tokens));
      out.add(new Piece(t, first + i, first + i + 1));
      at += t.length();
    }
    if (tokenTexts == null) return List.of(new Piece(text, first, first + tokens));
    if (at < text.length()) out.add(new Piece(text.substring(at), first + tokens, first + tokens));
    return out;
  }

  /** The part of a per-position list this piece carries; null stays null. */
  <T> List<T> of(List<T> perPosition) {
    if (perPosition == null) return null;
    int end = Math.min(to, perPosition.size());
    return perPosition.subList(Math.min(from, end), end);
  }
}
