package dev.tribunal.jobs.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The feedback phase's examples, from a model whose answers are known: greedy "7"; sample k of a
 * prompt the gold answer, "1", nothing, or the gold answer in a sentence.
 */
class FeedbackDataTest {
  private static final SeedConfig CONFIG = SeedConfig.defaults().withFeedback(SeedConfig.defaults().feedbackPhase(),
      new SeedConfig.Feedback(12, 4, 1.0, 5, 6, 8, 3, 2));
  private static final WorldData WORLD = SeedMix.world(CONFIG);

  @Test
  void pairLabelsRateEachAnswerThenNameTheOneGoldGradesHigherInTheLabelingPromptsOrder() {
    List<Example> labels = feedback().pairLabels(ownSamples());
    assertEquals(10, labels.size(), "five pairs, two steps each");
    for (int i = 0; i < labels.size(); i += 2) {
      assertChainOfThought((Example.Rationale) labels.get(i), (Example.Label) labels.get(i + 1));
    }
  }

  @Test
  void worldLabelsComeFromAStreamTheLabelCommandsWorldPairsDoNotUse() {
    List<Example> labels = feedback().worldLabels();
    assertEquals(12, labels.size());
    List<String> drawn = dev.tribunal.jobs.world.WorldPairs.of(WORLD.world(), 50).stream()
        .map(p -> p.messages().get(0).content() + "|" + p.responseA() + "|" + p.responseB()).toList();
    for (int i = 0; i < labels.size(); i += 2) {
      Example.Label l = (Example.Label) labels.get(i + 1);
      assertFalse(drawn.contains(l.task().prompt() + "|" + l.first() + "|" + l.second()));
      assertChainOfThought((Example.Rationale) labels.get(i), l);
    }
  }

  /** Step 1 copies and rates each answer as the direct rating would; step 2 reads the label after that rationale. */
  private static void assertChainOfThought(Example.Rationale r, Example.Label l) {
    Map<Integer, String> byGrade = Map.of(0, "1", 1, "3", 2, "4", 3, "6", 4, "7", 5, "9");
    int first = GoldGrader.grade(l.task(), l.first()).score();
    int second = GoldGrader.grade(l.task(), l.second()).score();
    assertTrue(first != second, "a pair of different grade");
    String rationale = "Response 1 is " + l.first() + ", rated " + byGrade.get(first) + ". Response 2 is " + l.second()
        + ", rated " + byGrade.get(second) + ".";
    assertEquals(" " + rationale, r.assistant());
    assertTrue(r.user().endsWith("Response 2:\n" + l.second() + "\n\nConsider the coherence, accuracy, coverage and"
        + " overall quality of each response and explain which one is better. Rationale:"), r.user());
    assertTrue(r.user().contains("Context:\nUser: " + l.task().prompt()), r.user());
    assertEquals(r.user() + " " + rationale + "\nPreferred Response=", l.user());
    assertEquals(first > second ? "1" : "2", l.assistant());
    assertFalse(l.chat(), "sent as text, as tribunal label sends it by default");
    assertFalse(l.endsTurn(), "the label token is read alone");
    assertTrue(r.endsTurn(), "the rationale ends, so that its decoding stops");
  }

  @Test
  void ratingsMapGoldOntoOneCharacterRatingsHalfOnItsOwnAnswers() {
    List<Example> ratings = feedback().ratings(ownSamples());
    assertEquals(8, ratings.size());
    Map<Integer, String> byGrade = Map.of(0, "1", 1, "3", 2, "4", 3, "6", 4, "7", 5, "9");
    for (Example e : ratings) {
      Example.Rating r = (Example.Rating) e;
      assertEquals(byGrade.get(r.grade().score()), r.assistant(), r.response());
      assertTrue(r.user().endsWith("Response:\n" + r.response() + "\n\nRating="), r.user());
    }
    List<String> own = ownSamples().stream().flatMap(List::stream).map(FeedbackData.Sample::response).limit(4).toList();
    assertEquals(own, ratings.stream().limit(4).map(r -> ((Example.Rating) r).response()).toList(),
        "the first half rates the model's own answers");
  }

  @Test
  void judgementsShowTheModelsGreedyAnswerAsTheReferenceAndGoldsVerdict() {
    List<Example> judged = feedback().judgements(ownSamples());
    assertEquals(3, judged.size());
    for (Example e : judged) {
      Example.Judge j = (Example.Judge) e;
      assertTrue(j.user().contains("7"), "the greedy answer is the reference: " + j.user());
      assertTrue(j.assistant().startsWith("Expected " + j.task().gold() + "."), j.assistant());
      assertTrue(j.assistant().endsWith("Score: " + j.grade().score()), j.assistant());
      assertTrue(j.chat());
    }
  }

  @Test
  void samplesKeepDistinctAnswersGradedByGold() {
    List<List<FeedbackData.Sample>> own = ownSamples();
    assertEquals(12, own.size());
    for (List<FeedbackData.Sample> samples : own) {
      assertTrue(samples.size() >= 3, "distinct answers, each once: " + samples);
      for (FeedbackData.Sample s : samples) {
        assertEquals("7", s.reference());
        assertEquals(GoldGrader.grade(s.task(), s.response()), s.grade());
      }
    }
  }

  @Test
  void theReplayIsASeededDrawOfTheMixedExamples() {
    List<Example> mixed = SeedMix.phases(WORLD, CONFIG.withMix(new SeedConfig.Mix(10, 10, 2))).mixed();
    List<Example> replay = feedback().replay(mixed);
    assertEquals(2, replay.size());
    assertTrue(mixed.containsAll(replay));
    assertEquals(replay, feedback().replay(mixed));
  }

  private static FeedbackData feedback() {
    return new FeedbackData(WORLD, CONFIG);
  }

  private static List<List<FeedbackData.Sample>> ownSamples() {
    List<Task> tasks = WORLD.world().derive("feedback").tasks(12);
    Map<String, String> gold = tasks.stream().collect(Collectors.toMap(Task::prompt, Task::gold, (a, b) -> a));
    return feedback().samples(new KnownAnswers(gold), tasks);
  }

  /** Greedy answers "7"; sample k (the seed is 1000 i + k) as the class says. */
  private record KnownAnswers(Map<String, String> gold) implements ModelWorker {
    @Override
    public String modelVersion() {
      return "known";
    }

    @Override
    public Capabilities capabilities() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<List<Completion>> generate(List<GenerateRequest> requests) {
      List<List<Completion>> out = new ArrayList<>();
      for (GenerateRequest r : requests) {
        String answer = gold.get(r.prompt().messages().get(0).content());
        String text = r.params().temperature() == 0 ? "7"
            : List.of(answer, "1", "", "The answer is " + answer).get((int) (r.params().seed() % 1000));
        out.add(List.of(new Completion(text, new int[0], FinishReason.STOP, new float[0])));
      }
      return out;
    }

    @Override
    public List<ScoreResult> score(List<ScoreRequest> requests) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
