package dev.tribunal.worker;

/**
 * What a backend can do. A role that needs a capability the backend lacks fails at start, naming
 * both (see {@link #require}).
 */
public record Capabilities(
    boolean promptLogprobs, boolean multipleCompletions, boolean seeds, boolean nextTokenLogprobs)
    implements java.io.Serializable {

  public static final Capabilities ALL = new Capabilities(true, true, true, true);

  public enum Need { PROMPT_LOGPROBS, MULTIPLE_COMPLETIONS, SEEDS, NEXT_TOKEN_LOGPROBS }

  public boolean has(Need need) {
    return switch (need) {
      case PROMPT_LOGPROBS -> promptLogprobs;
      case MULTIPLE_COMPLETIONS -> multipleCompletions;
      case SEEDS -> seeds;
      case NEXT_TOKEN_LOGPROBS -> nextTokenLogprobs;
    };
  }

  /** Throws naming the role, the backend and the missing capability. */
  public void require(String role, String backend, Need... needs) {
    for (Need need : needs) {
      if (!has(need)) {
        throw new IllegalStateException(
            "role '" + role + "' needs " + need.name().toLowerCase(java.util.Locale.ROOT)
                + " but backend '" + backend + "' does not provide it");
      }
    }
  }
}
