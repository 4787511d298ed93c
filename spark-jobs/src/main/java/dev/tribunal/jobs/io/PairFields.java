package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairFormat;
import dev.tribunal.schemas.RejectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a pair as each corpus format spells them; a response a is preferred with label 1. */
record PairFields(List<Message> messages, String responseA, String responseB, Double label) {
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");
  /** HH-RLHF turn markers: every turn starts with a blank line and its speaker. */
  private static final Pattern TURN = Pattern.compile("\n\nHuman: ?|\n\nAssistant: ?");

  static PairFormat recognise(JsonNode node) throws Bad {
    if (node.has("instruction") && node.has("output_1")) return PairFormat.ALPACA_EVAL;
    if (node.has("chosen") && node.has("rejected")) {
      // A transcript without a prompt field is HH; TRL keeps the prompt apart or in message lists.
      return node.has("prompt") || node.get("chosen").isArray() ? PairFormat.TRL : PairFormat.HH;
    }
    throw new Bad(RejectReason.MISSING_FIELD,
        "neither 'chosen' and 'rejected' (hh, trl) nor 'instruction' and 'output_1' (alpaca-eval)");
  }

  /** HH is chosen first: the corpus labels the chosen transcript, so a=chosen has label 1. */
  static PairFields hh(JsonNode node) throws Bad {
    return sharedPrefix(transcript(node, "chosen"), transcript(node, "rejected"));
  }

  /** a = chosen, with label 1 or the record's soft_label (P(chosen preferred), as our export writes it). */
  static PairFields trl(JsonNode node) throws Bad {
    JsonNode prompt = node.get("prompt");
    PairFields p;
    if (prompt == null || prompt.isNull()) {
      p = sharedPrefix(messages(node, "chosen"), messages(node, "rejected"));
    } else {
      List<Message> context = prompt.isArray() ? messages(node, "prompt") : PairRecordParser.user(text(node, "prompt"));
      checkContext(context);
      p = new PairFields(context, reply(node, "chosen"), reply(node, "rejected"), 1.0);
    }
    return new PairFields(p.messages(), p.responseA(), p.responseB(), softLabel(node));
  }

  private static double softLabel(JsonNode node) throws Bad {
    JsonNode v = node.get("soft_label");
    if (v == null || v.isNull()) return 1.0;
    if (!v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() <= 1)) {
      throw new Bad(RejectReason.INVALID_FIELD, "'soft_label' must be a number in [0, 1], the probability that"
          + " chosen was preferred");
    }
    return v.doubleValue();
  }

  /** preference 1 prefers output_1 (label 1), 2 prefers output_2 (label 0), p in between is 2 - p. */
  static PairFields alpacaEval(JsonNode node) throws Bad {
    List<Message> context = PairRecordParser.user(text(node, "instruction"));
    checkContext(context);
    return new PairFields(context, response(node, "output_1"), response(node, "output_2"), preference(node));
  }

  private static Double preference(JsonNode node) throws Bad {
    JsonNode v = node.get("preference");
    if (v == null || v.isNull()) return null;
    double p;
    try {
      p = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText());
    } catch (NumberFormatException e) {
      throw new Bad(RejectReason.INVALID_FIELD, "'preference' must be a number in [1, 2]");
    }
    if (!(p >= 1.0 && p <= 2.0)) throw new Bad(RejectReason.INVALID_FIELD, "'preference' must be in [1, 2], not " + p);
    return 2.0 - p;
  }

  /** The given id, a non-empty string or an integer; null when there is none. */
  static String id(JsonNode node) throws Bad {
    JsonNode v = node.get("id");
    if (v == null || v.isNull()) return null;
    if (v.isTextual() && !v.textValue().isBlank()) return v.textValue();
    if (v.isIntegralNumber()) return v.asText();
    throw new Bad(RejectReason.INVALID_FIELD, "'id' must be a non-empty string or an integer");
  }

  /** Two conversations that agree on all but their last turn, an assistant reply each. */
  private static PairFields sharedPrefix(List<Message> a, List<Message> b) throws Bad {
    Message lastA = a.get(a.size() - 1);
    Message lastB = b.get(b.size() - 1);
    if (!lastA.role().equals("assistant") || !lastB.role().equals("assistant")) {
      throw new Bad(RejectReason.INVALID_FIELD, "both conversations must end with an assistant reply");
    }
    List<Message> context = a.subList(0, a.size() - 1);
    if (!context.equals(b.subList(0, b.size() - 1))) {
      throw new Bad(RejectReason.INVALID_FIELD, "'chosen' and 'rejected' differ before their last reply");
    }
    checkContext(context);
    return new PairFields(context, lastA.content(), lastB.content(), 1.0);
  }

  private static List<Message> transcript(JsonNode node, String field) throws Bad {
    String t = text(node, field);
    Matcher m = TURN.matcher(t);
    List<Message> turns = new ArrayList<>();
    if (!m.find() || !t.substring(0, m.start()).isBlank()) {
      throw new Bad(RejectReason.INVALID_FIELD, "'" + field + "' must be turns of \\n\\nHuman: and \\n\\nAssistant:");
    }
    while (true) {
      String role = m.group().contains("Human") ? "user" : "assistant";
      int from = m.end();
      boolean more = m.find();
      turns.add(new Message(role, t.substring(from, more ? m.start() : t.length())));
      if (!more) return turns;
    }
  }

  private static void checkContext(List<Message> context) throws Bad {
    if (context.isEmpty() || context.stream().allMatch(m -> m.content().isBlank())) {
      throw new Bad(RejectReason.EMPTY_PROMPT, "the prompt is empty");
    }
  }

  /** A response given as text or as one assistant message. */
  private static String reply(JsonNode node, String field) throws Bad {
    if (!node.path(field).isArray()) return response(node, field);
    List<Message> ms = messages(node, field);
    if (ms.size() != 1 || !ms.get(0).role().equals("assistant")) {
      throw new Bad(RejectReason.INVALID_FIELD, "'" + field + "' must be one assistant message");
    }
    return ms.get(0).content();
  }

  private static String response(JsonNode node, String field) throws Bad {
    return text(node, field);
  }

  private static String text(JsonNode node, String field) throws Bad {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) throw new Bad(RejectReason.MISSING_FIELD, "no '" + field + "' field");
    if (!v.isTextual()) throw new Bad(RejectReason.INVALID_FIELD, "'" + field + "' must be a string");
    return v.textValue();
  }

  private static List<Message> messages(JsonNode node, String field) throws Bad {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) throw new Bad(RejectReason.MISSING_FIELD, "no '" + field + "' field");
    if (!v.isArray() || v.isEmpty()) throw new Bad(RejectReason.INVALID_FIELD, "'" + field + "' must be a non-empty list");
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode m = v.get(i);
      String where = field + "[" + i + "]";
      if (!m.path("role").isTextual() || !ROLES.contains(m.get("role").textValue()) || !m.path("content").isTextual()) {
        throw new Bad(RejectReason.INVALID_FIELD, where + " needs a role (system, user, assistant) and a string content");
      }
      out.add(new Message(m.get("role").textValue(), m.get("content").textValue()));
    }
    return out;
  }

  /** A rejection found while parsing; checked so that every path names its reason. */
  static final class Bad extends Exception {
    final RejectReason reason;

    Bad(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
