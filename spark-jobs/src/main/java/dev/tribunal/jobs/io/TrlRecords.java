package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.schemas.Winner;
import java.util.List;

/**
 * Preference pairs as TRL reads them (its DPO and reward trainers): "prompt", "chosen",
 * "rejected", conversational (message lists, the responses one assistant message each) when the
 * prompt is a conversation, plain text otherwise; with the id and, for AI labels, "soft_label",
 * the probability that chosen is preferred. Our own import reads these records back (format trl).
 */
public final class TrlRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrlRecords() {}

  /** An AI-labeled corpus pair, chosen by its label; null when the label is missing or even. */
  public static ObjectNode labeled(CorpusPairRow pair, AiLabelRow label) {
    Winner w = label.winner();
    if (w == null) return null;
    boolean a = w == Winner.A;
    ObjectNode out = conversational(pair.pairId(), pair.messages(), a ? pair.responseA() : pair.responseB(),
        a ? pair.responseB() : pair.responseA());
    out.put("soft_label", a ? label.label() : 1 - label.label());
    return out;
  }

  /** A pair the Meta-Rewarding loop built (actor or judge), with its kind. */
  public static ObjectNode loop(PreferencePairRow p) {
    ObjectNode out = p.promptMessages() != null ? conversational(p.pairId(), p.promptMessages(), p.chosen(), p.rejected())
        : text(p.pairId(), p.promptText(), p.chosen(), p.rejected());
    out.put("kind", p.kind().code());
    return out;
  }

  private static ObjectNode conversational(String id, List<Message> prompt, String chosen, String rejected) {
    ObjectNode out = JSON.createObjectNode().put("id", id);
    ArrayNode turns = out.putArray("prompt");
    prompt.forEach(m -> turns.add(message(m.role(), m.content())));
    out.putArray("chosen").add(message("assistant", chosen));
    out.putArray("rejected").add(message("assistant", rejected));
    return out;
  }

  private static ObjectNode text(String id, String prompt, String chosen, String rejected) {
    return JSON.createObjectNode().put("id", id).put("prompt", prompt).put("chosen", chosen).put("rejected", rejected);
  }

  private static ObjectNode message(String role, String content) {
    return JSON.createObjectNode().put("role", role).put("content", content);
  }
}
