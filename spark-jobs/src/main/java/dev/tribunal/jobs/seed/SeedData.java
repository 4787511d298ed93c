package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.world.Example;
import dev.tribunal.worker.train.TrainingExample;
import java.util.List;

/**
 * The training data of one phase in both forms, with the counts a model card reports.
 *
 * @param tokens         prompt and response tokens of all examples
 * @param responseTokens the tokens that carry the loss
 */
public record SeedData(List<Example> examples, List<TrainingExample> tokenized, int instruction, int judge,
    int metaJudge, int labels, int ratings, long tokens, long responseTokens) {

  public static SeedData of(List<Example> examples, List<TrainingExample> tokenized) {
    if (examples.size() != tokenized.size()) {
      throw new IllegalArgumentException(examples.size() + " examples but " + tokenized.size() + " tokenized");
    }
    long tokens = 0;
    long response = 0;
    for (TrainingExample e : tokenized) {
      tokens += e.promptIds().length + e.chosenIds().length;
      response += e.chosenIds().length;
    }
    return new SeedData(List.copyOf(examples), List.copyOf(tokenized), count(examples, Example.Sft.class),
        count(examples, Example.Judge.class), count(examples, Example.MetaJudge.class),
        count(examples, Example.Label.class), count(examples, Example.Rating.class), tokens, response);
  }

  private static int count(List<Example> examples, Class<? extends Example> kind) {
    return (int) examples.stream().filter(kind::isInstance).count();
  }
}
