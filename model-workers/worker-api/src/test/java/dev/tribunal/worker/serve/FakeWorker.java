package dev.tribunal.worker.serve;

import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.TopToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A deterministic model with one token per character (vocabulary: printable ASCII). Log-probs are
 * multiples of 1/8, exact in float and JSON, so results can be compared for equality after an
 * HTTP round trip; greedy decoding takes the likeliest token (the lowest on ties), as does the
 * top-k. Counts how many calls are inside it at once.
 */
class FakeWorker implements ModelWorker {
  static final int FIRST = 32;
  static final int LAST = 126;
  private final Capabilities capabilities;
  final AtomicInteger inside = new AtomicInteger();
  final AtomicInteger peakInside = new AtomicInteger();
  volatile long callMillis;

  FakeWorker(Capabilities capabilities) {
    this.capabilities = capabilities;
  }

  FakeWorker() {
    this(Capabilities.ALL);
  }

  static double logprob(int previous, int token) {
    return -(1 + Math.floorMod(previous * 31 + token, 17)) / 8.0;
  }

  /** The k likeliest next tokens after previous, by descending log-prob, then ascending id. */
  static List<TopToken> top(int previous, int k) {
    return IntStream.range(FIRST, LAST + 1).boxed()
        .sorted(Comparator.comparingDouble((Integer t) -> -logprob(previous, t)).thenComparing(t -> t))
        .limit(k).map(t -> new TopToken(t, String.valueOf((char) t.intValue()), (float) logprob(previous, t))).toList();
  }

  static String render(Prompt prompt) {
    if (!prompt.isChat()) return prompt.text();
    StringBuilder s = new StringBuilder();
    for (ChatMessage m : prompt.messages()) s.append('<').append(m.role()).append('>').append(m.content()).append('\n');
    return s.append("<assistant>").toString();
  }

  private static int last(String rendered) {
    return rendered.isEmpty() ? 0 : rendered.charAt(rendered.length() - 1); // 0 plays BOS
  }

  @Override
  public String modelVersion() {
    return "fake-v1";
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public List<List<Completion>> generate(List<GenerateRequest> requests) {
    enter();
    try {
      return requests.stream().map(r -> sample(render(r.prompt()), r.params())).toList();
    } finally {
      inside.decrementAndGet();
    }
  }

  private List<Completion> sample(String rendered, SamplingParams p) {
    List<Completion> out = new ArrayList<>();
    for (int j = 0; j < p.n(); j++) {
      SplittableRandom rng = new SplittableRandom(p.seed() * 1_000_003L + j * 7919L + rendered.hashCode());
      out.add(one(rendered, p, rng));
    }
    return out;
  }

  private static Completion one(String rendered, SamplingParams p, SplittableRandom rng) {
    StringBuilder text = new StringBuilder();
    int previous = last(rendered);
    List<Integer> ids = new ArrayList<>();
    List<List<TopToken>> top = new ArrayList<>();
    while (ids.size() < p.maxNewTokens()) {
      int token = p.temperature() == 0 ? top(previous, 1).get(0).id() : 'a' + rng.nextInt(26);
      ids.add(token);
      top.add(top(previous, p.topLogprobs()));
      text.append((char) token);
      previous = token;
      for (String stop : p.stop()) {
        if (text.toString().endsWith(stop)) {
          return completion(rendered, text.substring(0, text.length() - stop.length()), ids, top, FinishReason.STOP, p);
        }
      }
    }
    return completion(rendered, text.toString(), ids, top, FinishReason.LENGTH, p);
  }

  /** Every generated token is kept, a stop string's too, as a worker that cut text inside tokens would. */
  private static Completion completion(String rendered, String text, List<Integer> ids, List<List<TopToken>> top,
      FinishReason finish, SamplingParams p) {
    int[] tokens = ids.stream().mapToInt(Integer::intValue).toArray();
    float[] values = new float[tokens.length];
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < tokens.length; i++) {
      values[i] = (float) logprob(i == 0 ? last(rendered) : tokens[i - 1], tokens[i]);
      texts.add(String.valueOf((char) tokens[i]));
    }
    return new Completion(text, tokens, finish, p.logprobs() ? values : null, texts,
        p.logprobs() ? top : null, rendered.length());
  }

  @Override
  public List<ScoreResult> score(List<ScoreRequest> requests) {
    enter();
    try {
      return requests.stream().map(r -> {
        int previous = last(render(r.prompt()));
        float[] values = new float[r.continuation().length()];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
          int token = r.continuation().charAt(i);
          values[i] = (float) logprob(previous, token);
          sum += values[i];
          previous = token;
        }
        return new ScoreResult(values, sum, texts(r.continuation()), tops(previousOf(r), r.continuation(), r.topLogprobs()),
            render(r.prompt()).length());
      }).toList();
    } finally {
      inside.decrementAndGet();
    }
  }

  private static int previousOf(ScoreRequest r) {
    return last(render(r.prompt()));
  }

  private static List<String> texts(String continuation) {
    return continuation.chars().mapToObj(c -> String.valueOf((char) c)).toList();
  }

  private static List<List<TopToken>> tops(int previous, String continuation, int k) {
    List<List<TopToken>> out = new ArrayList<>();
    for (int i = 0; i < continuation.length(); i++) out.add(top(i == 0 ? previous : continuation.charAt(i - 1), k));
    return out;
  }

  @Override
  public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
    enter();
    try {
      return requests.stream().map(r -> {
        int previous = last(render(r.prompt()));
        Map<String, Double> out = new HashMap<>();
        for (String c : r.candidates()) {
          if (c.length() != 1) throw new IllegalArgumentException("candidate '" + c + "' is not a single token");
          if (c.charAt(0) >= 32 && c.charAt(0) < 127) out.put(c, logprob(previous, c.charAt(0)));
        }
        return new NextTokenResult(out);
      }).toList();
    } finally {
      inside.decrementAndGet();
    }
  }

  private void enter() {
    peakInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
    if (callMillis > 0) {
      try {
        Thread.sleep(callMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {}
}
