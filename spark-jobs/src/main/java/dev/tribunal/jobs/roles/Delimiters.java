package dev.tribunal.jobs.roles;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tags that delimit slots in a template ({@code <response>...</response>}) and their
 * neutralisation inside inserted text, so that a response cannot close its own slot and write
 * outside it.
 */
final class Delimiters {
  private static final Pattern CLOSING_TAG = Pattern.compile("</([A-Za-z_][A-Za-z0-9_]*)>");

  private Delimiters() {}

  /** The names of the closing tags in a template, in order of first appearance. */
  static Set<String> tagsIn(String templateText) {
    Set<String> tags = new LinkedHashSet<>();
    Matcher m = CLOSING_TAG.matcher(templateText);
    while (m.find()) {
      tags.add(m.group(1));
    }
    return tags;
  }

  /**
   * Matches the '<' that opens any form of the given tags: opening or closing, any case, with
   * stray spaces ("&lt; / Response &gt;" would still read as a delimiter to a model).
   * Null when there are no tags.
   */
  static Pattern opener(Collection<String> tags) {
    if (tags.isEmpty()) {
      return null;
    }
    String names = tags.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    return Pattern.compile("<(?=\\s*/?\\s*(?:" + names + ")\\s*>)", Pattern.CASE_INSENSITIVE);
  }

  /** Escapes the '<' of every delimiter tag in {@code text} as "&amp;lt;", leaving the rest. */
  static String neutralise(String text, Pattern opener) {
    return opener == null ? text : opener.matcher(text).replaceAll("&lt;");
  }
}
