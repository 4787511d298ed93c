package dev.tribunal.worker.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.TopToken;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-k alternatives the runtime reports are the k likeliest tokens of the full recomputation. */
class TopLogprobsTest {
  private static final Prompt ASK = Prompt.user("Name three colours.");

  @TempDir static Path tmp;
  static LoadedModel model;
  static DjlModelWorker worker;

  @BeforeAll
  static void load() {
    model = TinyModels.loaded(tmp, TinyModels.config(), 31);
    worker = new DjlModelWorker(model, new RuntimeOptions(8, 256));
  }

  @AfterAll
  static void close() {
    worker.close();
    model.close();
  }

  @Test
  void sampledAlternativesAreTheLikeliestTokensWithTheirTexts() {
    SamplingParams p = new SamplingParams(1, 1.0, 1.0, 0, 10, List.of(), List.of(), 3, true, 5);
    Completion c = worker.generate(List.of(new GenerateRequest(ASK, p))).get(0).get(0);
    int[] prompt = model.tokenizer().encodePrompt(ASK);
    assertEquals(prompt.length, c.promptTokens());
    assertEquals(String.join("", c.tokenTexts()), c.text(), "the embedded tokenizer spells each character");
    int[] all = Arrays.copyOf(prompt, prompt.length + c.tokenIds().length);
    System.arraycopy(c.tokenIds(), 0, all, prompt.length, c.tokenIds().length);
    assertTopK(TinyModels.logits(model.model(), all), prompt.length - 1, c.topLogprobs());
    for (int t = 0; t < c.tokenIds().length; t++) {
      TopToken best = c.topLogprobs().get(t).get(0);
      assertTrue(c.tokenLogprobs()[t] <= best.logprob(), "nothing beats the likeliest token");
      assertEquals(model.tokenizer().decode(new int[] {best.id()}, 1), best.text());
    }
  }

  @Test
  void scoredAlternativesAreTheLikeliestTokensAtEachScoredPosition() {
    ScoreResult r = worker.score(List.of(new ScoreRequest(ASK, "Red, blue.", false, 4))).get(0);
    var c = model.tokenizer().continuation(ASK, "Red, blue.");
    assertEquals(c.start(), r.promptTokens());
    assertEquals("Red, blue.", String.join("", r.tokenTexts()));
    assertTopK(TinyModels.logits(model.model(), c.ids()), c.start() - 1, r.topLogprobs());
  }

  /** Position first + t of the logits predicts token t: its alternatives must be the row's top-k, in order. */
  private static void assertTopK(float[] logits, int first, List<List<TopToken>> top) {
    int v = model.model().config().vocabSize();
    assertTrue(!top.isEmpty());
    for (int t = 0; t < top.size(); t++) {
      int row = (first + t) * v;
      List<TopToken> at = top.get(t);
      int[] expected = IntStream.range(0, v).boxed().sorted(Comparator.comparingDouble(i -> -logits[row + i]))
          .limit(at.size()).mapToInt(Integer::intValue).toArray();
      assertEquals(Arrays.toString(expected), Arrays.toString(at.stream().mapToInt(TopToken::id).toArray()), "position " + t);
      for (TopToken a : at) assertEquals(logSoftmax(logits, row, v, a.id()), a.logprob(), 1e-4, "position " + t);
    }
  }

  private static double logSoftmax(float[] logits, int from, int v, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) max = Math.max(max, logits[from + i]);
    double sum = 0;
    for (int i = 0; i < v; i++) sum += Math.exp(logits[from + i] - max);
    return logits[from + token] - max - Math.log(sum);
  }
}
