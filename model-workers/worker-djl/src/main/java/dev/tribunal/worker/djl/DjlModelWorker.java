package dev.tribunal.worker.djl;

import ai.djl.ndarray.NDManager;
import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.LeasedCache;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.TopToken;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.inference.Generator;
import dev.tribunal.worker.djl.inference.Scorer;
import dev.tribunal.worker.djl.inference.TokenTexts;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-JVM worker over a {@link LoadedModel}: one per task, not thread-safe, closed when the
 * task is done. Closing frees this worker's arrays and releases the model, which stays cached.
 */
public final class DjlModelWorker implements ModelWorker {

  private final LoadedModel model;
  private final AutoCloseable release;
  private final NDManager manager;
  private final Generator generator;
  private final Scorer scorer;

  /** A worker over a model the caller keeps owning (a trainer evaluating its own weights). */
  public DjlModelWorker(LoadedModel model, RuntimeOptions options) {
    this(model, options, () -> {});
  }

  private DjlModelWorker(LoadedModel model, RuntimeOptions options, AutoCloseable release) {
    this.model = model;
    this.release = release;
    this.manager = NDManager.newBaseManager(model.model().weights().device());
    ModelTokenizer tok = model.tokenizer();
    this.generator = new Generator(model.model(), manager, tok::decode, model.eosIds(), tok.padId(),
        options.maxBatchSequences(), options.maxBatchTokens());
    this.scorer = new Scorer(model.model(), manager, tok.padId(), options.maxBatchTokens());
  }

  /** A worker over the checkpoint in dir, named by the directory, loaded once per JVM through {@link ModelCache}. */
  public static DjlModelWorker open(Path dir, String device) {
    return open(dir.getFileName().toString(), dir, device, RuntimeOptions.DEFAULT);
  }

  public static DjlModelWorker open(String version, Path dir, String device, RuntimeOptions options) {
    LeasedCache.Lease<LoadedModel> lease = ModelCache.shared().acquire(version, dir, device);
    try {
      return new DjlModelWorker(lease.get(), options, lease);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  @Override
  public String modelVersion() {
    return model.version();
  }

  /** A language model's capabilities, or a reward model's single one. */
  @Override
  public Capabilities capabilities() {
    return isReward() ? Capabilities.REWARD_MODEL : Capabilities.ALL;
  }

  @Override
  public List<List<Completion>> generate(List<GenerateRequest> requests) {
    requireLanguageModel("generate");
    List<Generator.Sequence> sequences = new ArrayList<>();
    boolean[] fits = new boolean[requests.size()];
    int context = model.model().config().maxPositionEmbeddings();
    for (int i = 0; i < requests.size(); i++) {
      GenerateRequest r = requests.get(i);
      int[] prompt = promptIds(i, r.prompt());
      fits[i] = prompt.length < context; // room for at least one generated token
      if (!fits[i]) continue;
      for (int j = 0; j < r.params().n(); j++) sequences.add(new Generator.Sequence(prompt, r.params(), j));
    }
    List<Completion> flat = generator.generate(sequences);
    List<List<Completion>> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < requests.size(); i++) {
      int n = requests.get(i).params().n();
      if (!fits[i]) {
        out.add(java.util.Collections.nCopies(n, Completion.contextOverflow()));
        continue;
      }
      out.add(List.copyOf(flat.subList(next, next + n)));
      next += n;
    }
    return out;
  }

  /**
   * The continuation's tokens are those of render(prompt) + continuation past the longest common
   * prefix with render(prompt)'s tokens, so a merge across the boundary is scored, not lost.
   */
  @Override
  public List<ScoreResult> score(List<ScoreRequest> requests) {
    requireLanguageModel("score");
    List<int[]> sequences = new ArrayList<>();
    List<Integer> scored = new ArrayList<>(); // requests whose continuation has at least one token
    List<Integer> starts = new ArrayList<>();
    ModelTokenizer tok = model.tokenizer();
    ScoreResult[] out = new ScoreResult[requests.size()];
    int top = 0;
    for (int i = 0; i < requests.size(); i++) {
      ScoreRequest r = requests.get(i);
      ModelTokenizer.Continuation c = tok.continuation(r.prompt(), r.continuation(), r.endOfTurn());
      int[] full = c.ids();
      int k = c.start();
      out[i] = new ScoreResult(new float[0], 0, List.of(), r.topLogprobs() > 0 ? List.of() : null, k);
      if (k == full.length) continue;
      if (k == 0) {
        throw new IllegalArgumentException("score request " + i + ": the prompt contributes no token before the"
            + " continuation, so its first token has nothing to be conditioned on");
      }
      sequences.add(inVocabulary(i, full));
      scored.add(i);
      starts.add(k);
      top = Math.max(top, r.topLogprobs());
    }
    int[] from = starts.stream().mapToInt(Integer::intValue).toArray();
    List<Scorer.Scored> lps = scorer.continuationLogprobs(sequences, from, Math.min(top, model.model().config().vocabSize()));
    for (int j = 0; j < scored.size(); j++) {
      int i = scored.get(j);
      out[i] = result(sequences.get(j), from[j], lps.get(j), requests.get(i).topLogprobs());
    }
    return Arrays.asList(out);
  }

  /** A scored continuation with its tokens' texts and, where asked, k alternatives per position. */
  private ScoreResult result(int[] ids, int start, Scorer.Scored s, int k) {
    double sum = 0;
    for (float x : s.logprobs()) sum += x;
    Generator.Detokenizer d = model.tokenizer()::decode;
    List<List<TopToken>> top = null;
    if (k > 0) {
      top = new ArrayList<>();
      for (int t = 0; t < s.logprobs().length; t++) {
        List<TopToken> at = new ArrayList<>();
        for (int a = 0; a < Math.min(k, s.topIds()[t].length); a++) {
          int id = s.topIds()[t][a];
          at.add(new TopToken(id, TokenTexts.at(d, ids, start + t, id), s.topLogprobs()[t][a]));
        }
        top.add(at);
      }
    }
    return new ScoreResult(s.logprobs(), sum, TokenTexts.of(d, ids, start, ids.length), top, start);
  }

  /** A prompt longer than the context answers {@link NextTokenResult#overflow()}; the others are read together. */
  @Override
  public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
    requireLanguageModel("nextTokenLogprobs");
    int context = model.model().config().maxPositionEmbeddings();
    List<int[]> prompts = new ArrayList<>();
    List<int[]> ids = new ArrayList<>();
    List<Integer> fitting = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      int[] prompt = promptIds(i, requests.get(i).prompt());
      int[] candidates = candidateIds(i, requests.get(i).candidates());
      if (prompt.length > context) continue;
      prompts.add(prompt);
      ids.add(candidates);
      fitting.add(i);
    }
    List<float[]> lps = scorer.nextTokenLogprobs(prompts, ids.toArray(int[][]::new));
    NextTokenResult[] out = new NextTokenResult[requests.size()];
    Arrays.fill(out, NextTokenResult.overflow());
    for (int j = 0; j < fitting.size(); j++) {
      List<String> candidates = requests.get(fitting.get(j)).candidates();
      Map<String, Double> m = new LinkedHashMap<>();
      for (int c = 0; c < candidates.size(); c++) m.put(candidates.get(c), (double) lps.get(j)[c]);
      out[fitting.get(j)] = new NextTokenResult(m);
    }
    return Arrays.asList(out);
  }

  /** Each candidate must be exactly one token: its log-prob is then one entry of the next-token distribution. */
  private int[] candidateIds(int request, List<String> candidates) {
    int[] ids = new int[candidates.size()];
    for (int c = 0; c < ids.length; c++) {
      try {
        ids[c] = model.tokenizer().tokenId(candidates.get(c));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("next-token request " + request + ": candidate " + e.getMessage(), e);
      }
    }
    return ids;
  }

  /**
   * Each response's reward, read at the end-of-turn token after render(prompt) + response, where
   * the reward model was trained to give it; the request's endOfTurn flag is therefore implied.
   */
  @Override
  public List<Double> reward(List<ScoreRequest> requests) {
    if (!isReward()) {
      throw new UnsupportedOperationException("checkpoint " + model.version() + " is a language model ("
          + model.model().config().architecture() + ") with no reward head; rewards need a reward checkpoint ("
          + LlamaConfig.LLAMA_REWARD + ")");
    }
    List<int[]> sequences = new ArrayList<>();
    List<Integer> fitting = new ArrayList<>();
    int context = model.model().config().maxPositionEmbeddings();
    for (int i = 0; i < requests.size(); i++) {
      ScoreRequest r = requests.get(i);
      int[] ids = inVocabulary(i, model.tokenizer().rewardSequence(r.prompt(), r.continuation()));
      if (ids.length > context) continue;
      sequences.add(ids);
      fitting.add(i);
    }
    double[] rewards = scorer.rewards(sequences);
    Double[] out = new Double[requests.size()]; // null: the sequence does not fit the context
    for (int j = 0; j < fitting.size(); j++) out[fitting.get(j)] = rewards[j];
    return Arrays.asList(out);
  }

  @Override
  public void close() {
    manager.close();
    try {
      release.close();
    } catch (Exception e) {
      throw new IllegalStateException("releasing model " + model.version() + " failed", e);
    }
  }

  private boolean isReward() {
    return model.model().config().isReward();
  }

  /** A reward model's head gives one number per position, not a distribution over tokens. */
  private void requireLanguageModel(String call) {
    if (isReward()) {
      throw new UnsupportedOperationException("checkpoint " + model.version() + " is a reward model ("
          + model.model().config().architecture() + "), which answers reward() only; " + call
          + " needs a language model (*ForCausalLM)");
    }
  }

  private int[] promptIds(int request, Prompt prompt) {
    int[] ids = model.tokenizer().encodePrompt(prompt);
    if (ids.length == 0) throw new IllegalArgumentException("request " + request + ": the prompt encodes to no tokens");
    return inVocabulary(request, ids);
  }

  /** A tokenizer larger than the model's embedding would otherwise fail deep inside the engine. */
  private int[] inVocabulary(int request, int[] ids) {
    int vocab = model.model().config().vocabSize();
    for (int id : ids) {
      if (id < 0 || id >= vocab) {
        throw new IllegalArgumentException("request " + request + ": token id " + id
            + " is outside the model's vocabulary of " + vocab + " (tokenizer and config.json disagree)");
      }
    }
    return ids;
  }
}
