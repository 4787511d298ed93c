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

  /** Instruction data: the question and its bare gold answer. */
  record Sft(Task task, String user, String assistant) implements Example {}

  /** Judge data: the judge prompt for one response and the judgement with its gold score. */
  record Judge(Task task, String response, GoldGrade grade, String user, String assistant)
      implements Example {}

  /** Meta-judge data: two judgements of one response and the meta-judgement picking the closer. */
  record MetaJudge(Task task, String response, String judgementA, String judgementB,
      Winner winner, String user, String assistant) implements Example {}
}
