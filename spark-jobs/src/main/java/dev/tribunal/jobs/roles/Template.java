package dev.tribunal.jobs.roles;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A prompt template with named slots such as {@code {question}}, validated once at construction:
 * every slot the role needs appears exactly once and no other slot appears. Rendering fills all
 * slots in one pass, so text inserted into one slot is never read as another slot, and it
 * neutralises the template's delimiter tags inside inserted text (see {@link Delimiters}).
 */
public final class Template implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern SLOT = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

  private final String role;
  private final String text;
  private final List<String> slots;
  private final Set<String> delimiterTags;
  private final Pattern delimiterOpener;

  private Template(String role, String text, List<String> slots) {
    this.role = role;
    this.text = text;
    this.slots = List.copyOf(slots);
    this.delimiterTags = Set.copyOf(Delimiters.tagsIn(text));
    this.delimiterOpener = Delimiters.opener(delimiterTags);
  }

  /**
   * @param role names the role in error messages ("judge template is missing slot {response}")
   * @param slots the slots the role fills, each required exactly once
   */
  public static Template of(String role, String text, List<String> slots) {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, role + " template text");
    if (text.isBlank()) {
      throw new IllegalArgumentException(role + " template is blank");
    }
    Map<String, Integer> counts = slotCounts(text);
    for (String slot : slots) {
      int n = counts.getOrDefault(slot, 0);
      if (n != 1) {
        throw new IllegalArgumentException(n == 0
            ? role + " template is missing slot {" + slot + "}"
            : role + " template has slot {" + slot + "} " + n + " times; it must appear once");
      }
    }
    for (String found : counts.keySet()) {
      if (!slots.contains(found)) {
        throw new IllegalArgumentException(role + " template has unknown slot {" + found
            + "}; its slots are " + braced(slots));
      }
    }
    return new Template(role, text, slots);
  }

  private static Map<String, Integer> slotCounts(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Matcher m = SLOT.matcher(text);
    while (m.find()) {
      counts.merge(m.group(1), 1, Integer::sum);
    }
    return counts;
  }

  private static String braced(List<String> slots) {
    return slots.stream().map(s -> "{" + s + "}").collect(Collectors.joining(", "));
  }

  /** Fills every slot; {@code values} must name exactly this template's slots. */
  public String render(Map<String, String> values) {
    if (!values.keySet().equals(Set.copyOf(slots))) {
      throw new IllegalArgumentException(role + " template needs values for exactly "
          + braced(slots) + "; got " + values.keySet());
    }
    Matcher m = SLOT.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 256);
    while (m.find()) {
      String value = Objects.requireNonNull(values.get(m.group(1)),
          () -> role + " template: value for slot {" + m.group(1) + "} is null");
      m.appendReplacement(out, Matcher.quoteReplacement(
          Delimiters.neutralise(value, delimiterOpener)));
    }
    m.appendTail(out);
    return out.toString();
  }

  public String role() {
    return role;
  }

  public String text() {
    return text;
  }

  public List<String> slots() {
    return slots;
  }

  /** The names of the tags that delimit slots, e.g. "question", "response". */
  public Set<String> delimiterTags() {
    return delimiterTags;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Template t && role.equals(t.role) && text.equals(t.text)
        && slots.equals(t.slots);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, text, slots);
  }

  @Override
  public String toString() {
    return role + " template " + braced(slots);
  }
}
