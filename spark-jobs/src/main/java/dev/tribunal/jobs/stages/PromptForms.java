package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.schemas.Message;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * The forms one prompt takes in the roles. A prompt given as text is sent as it is (the schema's
 * contract); a chat prompt has the actor template applied to its last user turn and is rendered by
 * the model's chat template. The pair keeps the form the actor was asked in, so training tokenizes
 * it exactly as sampling did. Judges see the question: the text, or the last user turn.
 */
public final class PromptForms {
  private PromptForms() {}

  /** The actor's prompt, as asked and as a preference pair records it. */
  public record Asked(String text, List<Message> messages) implements Serializable {
    public Prompt toWorker() {
      return text != null ? Prompt.text(text) : Prompt.chat(messages.stream()
          .map(m -> new ChatMessage(m.role(), m.content())).toList());
    }
  }

  public static Asked actor(String text, List<Message> messages, ActorRole actor) {
    if (text != null) return new Asked(text, null);
    List<Message> out = new ArrayList<>(messages);
    int last = lastUser(messages);
    if (last >= 0) out.set(last, new Message("user", actor.render(messages.get(last).content())));
    return new Asked(null, out);
  }

  /** What the judge and meta-judge are told the question was. */
  public static String question(String text, List<Message> messages) {
    if (text != null) return text;
    int last = lastUser(messages);
    if (last >= 0) return messages.get(last).content();
    return messages.stream().map(m -> m.role() + ": " + m.content()).collect(Collectors.joining("\n"));
  }

  /** A prompt's text and messages from a row holding them under the given column names. */
  public static String text(Row row, String column) {
    int i = row.fieldIndex(column);
    return row.isNullAt(i) ? null : row.getString(i);
  }

  public static List<Message> messages(Row row, String column) {
    int i = row.fieldIndex(column);
    if (row.isNullAt(i)) return null;
    return row.<Row>getList(i).stream().map(Message::fromRow).toList();
  }

  private static int lastUser(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role().equals("user")) return i;
    }
    return -1;
  }
}
