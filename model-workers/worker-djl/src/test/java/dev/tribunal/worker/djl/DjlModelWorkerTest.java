package dev.tribunal.worker.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.djl.inference.Generator;
import dev.tribunal.worker.djl.inference.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlModelWorkerTest {

  /** Every special token id of the embedded tokenizer: with these as stop ids, text and tokens correspond one to one. */
  private static final List<Integer> SPECIAL = List.of(0, 1, 2, 3, 4, 5, 6, 7);
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
  void temperatureZeroIsArgmaxOfTheFullRecomputation() {
    Completion c = one(ASK, SamplingParams.greedy(24));
    int[] prompt = model.tokenizer().encodePrompt(ASK);
    int[] all = concat(prompt, c.tokenIds());
    float[] logits = TinyModels.logits(model.model(), all);
    int v = model.model().config().vocabSize();
    for (int t = 0; t < c.tokenIds().length; t++) {
      assertEquals(argmax(logits, (prompt.length - 1 + t) * v, v), c.tokenIds()[t], "token " + t);
    }
    assertTrue(c.tokenIds().length > 0);
    assertNull(c.tokenLogprobs());
  }

  @Test
  void sampledTokenLogprobsEqualWhatScoreReturnsForTheSameText() {
    SamplingParams p = new SamplingParams(4, 0.9, 0.95, 40, 30, List.of(), SPECIAL, 7, true);
    List<Completion> cs = worker.generate(List.of(new GenerateRequest(ASK, p))).get(0);
    List<ScoreResult> scores = worker.score(cs.stream().map(c -> new ScoreRequest(ASK, c.text())).toList());
    for (int i = 0; i < cs.size(); i++) {
      float[] sampled = cs.get(i).tokenLogprobs();
      assertEquals(cs.get(i).tokenIds().length, sampled.length);
      assertArrayEquals(sampled, scores.get(i).tokenLogprobs(), 1e-4f);
      assertEquals(sum(sampled), scores.get(i).sum(), 1e-3);
    }
  }

  @Test
  void sameSeedGivesTheSameTextWhateverTheBatchAndOtherSeedsDiffer() {
    SamplingParams p = new SamplingParams(1, 1.0, 1.0, 0, 20, List.of(), SPECIAL, 99, false);
    String alone = one(ASK, p).text();
    List<GenerateRequest> crowd = new ArrayList<>();
    crowd.add(new GenerateRequest(Prompt.text("A much longer prompt that pads the batch."), p.withSeed(5).withN(3)));
    crowd.add(new GenerateRequest(ASK, p));
    crowd.add(new GenerateRequest(Prompt.user("x"), new SamplingParams(2, 1.0, 1.0, 0, 3, List.of(), SPECIAL, 6, false)));
    assertEquals(alone, worker.generate(crowd).get(1).get(0).text());
    assertEquals(alone, one(ASK, p).text());
    assertNotEquals(alone, one(ASK, p.withSeed(100)).text());
    List<Completion> samples = worker.generate(List.of(new GenerateRequest(ASK, p.withN(3)))).get(0);
    assertEquals(alone, samples.get(0).text(), "sample 0 of n uses the same stream as n = 1");
    assertNotEquals(samples.get(0).text(), samples.get(1).text());
    assertNotEquals(samples.get(1).text(), samples.get(2).text());
  }

  @Test
  void aPromptThatDoesNotFitTheContextIsAnOverflowNotAFailureOfTheBatch() {
    int context = model.model().config().maxPositionEmbeddings();
    Prompt tooLong = Prompt.user("x".repeat(context));
    SamplingParams p = new SamplingParams(2, 0.9, 0.95, 40, 8, List.of(), SPECIAL, 7, true);
    List<List<Completion>> out = worker.generate(List.of(
        new GenerateRequest(ASK, p), new GenerateRequest(tooLong, p), new GenerateRequest(ASK, p)));
    assertEquals(List.of(Completion.contextOverflow().finishReason(), FinishReason.CONTEXT_OVERFLOW),
        out.get(1).stream().map(Completion::finishReason).toList());
    assertEquals("", out.get(1).get(0).text());
    assertEquals(0, out.get(1).get(0).tokenIds().length);
    assertEquals(out.get(0).get(0).text(), out.get(2).get(0).text(), "the requests around it are answered as usual");
    assertTrue(out.get(0).stream().noneMatch(c -> c.finishReason() == FinishReason.CONTEXT_OVERFLOW));
    int[] justFits = model.tokenizer().encodePrompt(Prompt.user("x".repeat(context - 16)));
    assertTrue(justFits.length < context);
    assertNotEquals(FinishReason.CONTEXT_OVERFLOW, one(Prompt.user("x".repeat(context - 16)), p).finishReason(),
        "a prompt of " + justFits.length + " tokens leaves room under " + context);
  }

  @Test
  void stopStringsAndStopTokenIdsEndTheTextBeforeThem() {
    // A seed whose 30 tokens contain no special token (random weights emit one now and then).
    SamplingParams free = IntStream.range(0, 100)
        .mapToObj(seed -> new SamplingParams(1, 1.0, 1.0, 0, 30, List.of(), SPECIAL, seed, false))
        .filter(p -> one(ASK, p).finishReason() == FinishReason.LENGTH).findFirst().orElseThrow();
    Completion full = one(ASK, free);
    assertEquals(30, full.tokenIds().length);
    assertEquals(30, full.text().length());
    String stop = full.text().substring(10, 12);
    int at = full.text().indexOf(stop);
    Completion byString = one(ASK, withStops(free, List.of("never appears", stop), SPECIAL));
    assertEquals(FinishReason.STOP, byString.finishReason());
    assertEquals(full.text().substring(0, at), byString.text());
    assertArrayEquals(Arrays.copyOf(full.tokenIds(), at), byString.tokenIds());
    int k = IntStream.range(1, 30).filter(i -> firstIndex(full.tokenIds(), full.tokenIds()[i]) == i).findFirst().orElseThrow();
    List<Integer> ids = new ArrayList<>(SPECIAL);
    ids.add(full.tokenIds()[k]);
    Completion byId = one(ASK, withStops(free, List.of(), ids));
    assertEquals(FinishReason.STOP, byId.finishReason());
    assertArrayEquals(Arrays.copyOf(full.tokenIds(), k), byId.tokenIds());
    assertEquals(model.tokenizer().decode(full.tokenIds(), k), byId.text());
  }

  @Test
  void scoringIsBatchInvariant() {
    ScoreRequest r = new ScoreRequest(ASK, "Red, green and blue.");
    ScoreResult alone = worker.score(List.of(r)).get(0);
    List<ScoreResult> batch = worker.score(List.of(new ScoreRequest(Prompt.text("hi"), " there"), r,
        new ScoreRequest(Prompt.user("a far longer question " + "x".repeat(80)), "ok")));
    assertEquals("Red, green and blue.".length(), alone.tokens());
    assertArrayEquals(alone.tokenLogprobs(), batch.get(1).tokenLogprobs(), 1e-5f);
    assertEquals(0, worker.score(List.of(new ScoreRequest(ASK, ""))).get(0).tokens());
  }

  @Test
  void aWholeTurnAddsTheEndOfTurnTokensLogprobAfterTheText() {
    Prompt p = Prompt.user("Reverse 'abc'.");
    int eot = model.tokenizer().endOfTurnId();
    assertEquals(model.tokenizer().tokenId("<|end|>"), eot, "the embedded tokenizer's eos token ends a turn");
    for (String text : List.of("cba", "")) {
      ScoreResult bare = worker.score(List.of(new ScoreRequest(p, text))).get(0);
      ScoreResult turn = worker.score(List.of(new ScoreRequest(p, text, true))).get(0);
      assertEquals(bare.tokens() + 1, turn.tokens(), "'" + text + "'");
      int[] context = concat(model.tokenizer().encodePrompt(p), model.tokenizer().encode(text, false));
      float[] logits = TinyModels.logits(model.model(), context);
      int v = model.model().config().vocabSize();
      double eotLogprob = logSoftmax(logits, (context.length - 1) * v, v, eot);
      assertEquals(bare.sum() + eotLogprob, turn.sum(), 1e-3, "'" + text + "'");
    }
  }

  @Test
  void nextTokenLogprobsAgreeWithScoreAndRefuseMultiTokenCandidates() {
    Prompt p = Prompt.text("Which is better, 1 or 2? Preferred=");
    NextTokenResult r = worker.nextTokenLogprobs(List.of(new NextTokenRequest(p, List.of("1", "2")))).get(0);
    for (String c : List.of("1", "2")) {
      assertEquals(worker.score(List.of(new ScoreRequest(p, c))).get(0).sum(), r.of(c).getAsDouble(), 1e-4);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> worker.nextTokenLogprobs(List.of(new NextTokenRequest(p, List.of("1", "12")))));
    assertTrue(e.getMessage().contains("'12'") && e.getMessage().contains("request 0"), e.getMessage());
  }

  @Test
  void promptsAreRenderedThroughTheChatTemplateAndTextGetsOneBos() {
    assertEquals("<s><|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\n",
        model.tokenizer().render(Prompt.chat(List.of(new dev.tribunal.worker.ChatMessage("system", "Be brief."),
            new dev.tribunal.worker.ChatMessage("user", "Hi")))));
    int[] plain = model.tokenizer().encodePrompt(Prompt.text("ab"));
    assertArrayEquals(plain, model.tokenizer().encodePrompt(Prompt.text("<s>ab")));
    assertEquals(3, plain.length);
    assertEquals(2, plain[0]);
  }

  @Test
  void decodingAndScoringLeaveNoArraysBehind() {
    SamplingParams p = new SamplingParams(5, 1.0, 0.9, 0, 40, List.of("zz"), List.of(), 1, true);
    NDManager weights = model.model().weights().parameters().get(0).getManager();
    int before = weights.getManagedArrays().size();
    try (NDManager mg = NDManager.newBaseManager()) {
      var tok = model.tokenizer();
      Generator g = new Generator(model.model(), mg, tok::decode, model.eosIds(), tok.padId(), 4, 6);
      List<Generator.Sequence> seqs = new ArrayList<>();
      for (int i = 0; i < 9; i++) seqs.add(new Generator.Sequence(tok.encodePrompt(i % 2 == 0 ? ASK : Prompt.text("q")), p, i));
      assertEquals(9, g.generate(seqs).size());
      assertEquals(0, mg.getManagedArrays().size(), "arrays left by decoding");
      new Scorer(model.model(), mg, tok.padId(), 64).continuationLogprobs(List.of(new int[] {2, 40, 41, 42}), new int[] {1});
      assertEquals(0, mg.getManagedArrays().size(), "arrays left by scoring");
    }
    assertEquals(before, weights.getManagedArrays().size(), "arrays added to the weights' manager");
  }

  private static SamplingParams withStops(SamplingParams p, List<String> stops, List<Integer> ids) {
    return new SamplingParams(p.n(), p.temperature(), p.topP(), p.topK(), p.maxNewTokens(), stops, ids, p.seed(),
        p.logprobs());
  }

  private static Completion one(Prompt prompt, SamplingParams p) {
    return worker.generate(List.of(new GenerateRequest(prompt, p))).get(0).get(0);
  }

  private static int firstIndex(int[] a, int value) {
    for (int i = 0; i < a.length; i++) if (a[i] == value) return i;
    return -1;
  }

  private static int argmax(float[] a, int off, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) if (a[off + i] > a[off + best]) best = i;
    return best;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double sum(float[] a) {
    double s = 0;
    for (float x : a) s += x;
    return s;
  }

  private static double logSoftmax(float[] logits, int from, int v, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) max = Math.max(max, logits[from + i]);
    double sum = 0;
    for (int i = 0; i < v; i++) sum += Math.exp(logits[from + i] - max);
    return logits[from + token] - max - Math.log(sum);
  }
}
