package dev.tribunal.jobs.roles;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The actor answers the question; its template wraps the question into the user message. */
public record ActorRole(Template template) implements Serializable {
  public static final List<String> SLOTS = List.of("question");
  /** The question itself is the user message: the seed model was trained on bare questions. */
  public static final String IDENTITY = "{question}";

  public ActorRole {
    Objects.requireNonNull(template, "actor template");
    if (!template.slots().equals(SLOTS)) {
      throw new IllegalArgumentException("actor template must have slots " + SLOTS + ", got "
          + template.slots());
    }
  }

  public static ActorRole of(String templateText) {
    return new ActorRole(Template.of("actor", templateText, SLOTS));
  }

  public static ActorRole identity() {
    return of(IDENTITY);
  }

  /** The user message content for one question. */
  public String render(String question) {
    return template.render(Map.of("question", question));
  }
}
