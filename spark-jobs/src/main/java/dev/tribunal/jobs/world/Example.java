package dev.tribunal.jobs.world;

import dev.tribunal.schemas.Winner;

/**
 * One training example of the seed model: a user message and the assistant reply to learn,
 * with what it was made from.
 */
public sealed interface Example {
  Task task();

  /** The user message content. */
  String user();

  /** The assistant message content to learn. */
  String assistant();

  /**
   * Whether user() is one user turn of the chat template, as the roles are asked, or raw text the
   * model continues, as RLAIF's labeling and rating prompts are sent by default (prompt_form text).
   */
  default boolean chat() {
    return true;
  }

  /**
   * Whether the reply ends with the end-of-turn token, so the model learns to stop: a chat reply and
   * a rationale do; a label or rating token is read alone, as the next token.
   */
  default boolean endsTurn() {
    return chat();
  }

  /** Instruction data: the question and its bare gold answer. */
  record Sft(Task task, String user, String assistant) implements Example {}

  /** Judge data: the judge prompt for one response and the judgement with its gold score. */
  record Judge(Task task, String response, GoldGrade grade, String user, String assistant)
      implements Example {}

  /** Meta-judge data: two judgements of one response and the meta-judgement picking the closer. */
  record MetaJudge(Task task, String response, String judgementA, String judgementB,
      Winner winner, String user, String assistant) implements Example {}

  /**
   * RLAIF labeler data, step 1 of chain of thought: the pairwise labeling prompt asking for a
   * rationale (text form) and the rationale, which rates each response.
   */
  record Rationale(Task task, String first, String second, String user, String assistant) implements Example {
    @Override
    public boolean chat() {
      return false;
    }

    @Override
    public boolean endsTurn() {
      return true;
    }
  }

  /**
   * RLAIF labeler data: the pairwise labeling prompt (text form; with chain of thought, after the
   * rationale) and the label token of the better response.
   */
  record Label(Task task, String first, String second, String user, String assistant) implements Example {
    @Override
    public boolean chat() {
      return false;
    }
  }

  /** Direct RLAIF data: the rating prompt (text form) and the rating its gold grade maps to. */
  record Rating(Task task, String response, GoldGrade grade, String user, String assistant) implements Example {
    @Override
    public boolean chat() {
      return false;
    }
  }
}
