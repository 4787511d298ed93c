package dev.tribunal.worker;

/**
 * What a backend can do. A role that needs a capability the backend lacks fails at start, naming
 * both (see {@link #require}).
 *
 * @param reward scalar rewards of responses ({@link ModelWorker#reward}): what a reward model
 *     does instead of everything else, so no backend has both kinds
 */
public record Capabilities(
    boolean promptLogprobs, boolean multipleCompletions, boolean seeds, boolean nextTokenLogprobs, boolean reward)
    implements java.io.Serializable {

  /** Everything a language model can offer (a reward model is another kind of model). */
  public static final Capabilities ALL = new Capabilities(true, true, true, true);

  /** A reward model's: rewards and nothing else. */
  public static final Capabilities REWARD_MODEL = new Capabilities(false, false, false, false, true);

  public enum Need { PROMPT_LOGPROBS, MULTIPLE_COMPLETIONS, SEEDS, NEXT_TOKEN_LOGPROBS, REWARD }

  /** A language model's capabilities: no rewards. */
  public Capabilities(boolean promptLogprobs, boolean multipleCompletions, boolean seeds, boolean nextTokenLogprobs) {
    this(promptLogprobs, multipleCompletions, seeds, nextTokenLogprobs, false);
  }

  public boolean has(Need need) {
    return switch (need) {
      case PROMPT_LOGPROBS -> promptLogprobs;
      case MULTIPLE_COMPLETIONS -> multipleCompletions;
      case SEEDS -> seeds;
      case NEXT_TOKEN_LOGPROBS -> nextTokenLogprobs;
      case REWARD -> reward;
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
