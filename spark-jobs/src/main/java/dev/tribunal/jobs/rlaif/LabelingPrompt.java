package dev.tribunal.jobs.rlaif;

import dev.tribunal.schemas.Message;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The pairwise labeling prompt (spec 2.1): a preamble, the few-shot exemplars, the sample to
 * annotate (context, response 1, response 2) and an ending after which the label token is read.
 * With chain of thought the ending is first replaced by a request for a rationale (2.4), and the
 * label is read after the rationale and the ending.
 */
public record LabelingPrompt(String preamble, List<Exemplar> exemplars, String ending, String rationaleRequest,
    List<String> labelTokens) implements Serializable {

  /** Rater-style instructions for preamble: detailed; our own wording. */
  static final String DETAILED = """
      A good response to a conversation is helpful, correct and honest. It answers what was asked, \
      completely and without errors, in a clear and concise way, and it does not cause harm. When both \
      responses are flawed, prefer the one whose flaws matter less. Read the conversation and the two \
      responses below, then name the better response.""";

  static final String BASE = "Given a conversation and two responses to it, name the better response.";

  public LabelingPrompt {
    exemplars = List.copyOf(exemplars);
    labelTokens = List.copyOf(labelTokens);
  }

  /** The preamble setting: base, detailed, or the text itself. */
  public static String preamble(String setting) {
    return switch (setting.toLowerCase(Locale.ROOT)) {
      case "base" -> BASE;
      case "detailed" -> DETAILED;
      default -> setting;
    };
  }

  /** The prompt whose next token is the label. */
  public String label(String context, String first, String second) {
    return head() + sample(context, first, second) + ending;
  }

  /** Step 1 of chain of thought: the prompt whose continuation is the rationale. */
  public String rationale(String context, String first, String second) {
    return head() + sample(context, first, second) + rationaleRequest;
  }

  /** Step 2: the rationale in place, then the ending, after which the label is read. */
  public String labelAfter(String context, String first, String second, String rationale) {
    return rationale(context, first, second) + " " + rationale.strip() + "\n" + ending;
  }

  /** The conversation as the labeler reads it: one "Role: content" line group per turn. */
  public static String context(List<Message> messages) {
    StringBuilder out = new StringBuilder();
    for (Message m : messages) {
      if (!out.isEmpty()) out.append('\n');
      out.append(capitalised(m.role())).append(": ").append(m.content());
    }
    return out.toString();
  }

  private String head() {
    StringBuilder out = new StringBuilder(preamble).append("\n\n");
    for (Exemplar e : exemplars) {
      out.append(sample(e.context(), e.response1(), e.response2()));
      if (e.rationale() != null) out.append(rationaleRequest).append(' ').append(e.rationale().strip()).append('\n');
      out.append(ending).append(labelTokens.get(e.label() - 1)).append("\n\n");
    }
    return out.toString();
  }

  private static String sample(String context, String first, String second) {
    return "Context:\n" + context + "\n\nResponse 1:\n" + first + "\n\nResponse 2:\n" + second + "\n\n";
  }

  private static String capitalised(String role) {
    return role.isEmpty() ? role : Character.toUpperCase(role.charAt(0)) + role.substring(1);
  }
}
