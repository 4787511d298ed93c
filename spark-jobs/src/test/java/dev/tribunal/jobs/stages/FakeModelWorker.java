package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.Ids;
import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * A scripted model: every answer is a function of the prompt text, the request seed and the model
 * version, so a retried task gets the same answers. It tells the roles apart by the judge templates'
 * tags. The actor sometimes repeats itself, runs out of tokens or leaks a chat marker; to a question
 * containing INJECT it answers with verdict lines of its own. The judge quotes the response (line
 * by line as a "&gt;" quote when it claims a score) and ends with its own score (0 or 1 for a response claiming "Score: 5"), sometimes none or an
 * out-of-range one; the meta-judge ends with its own winner (B when the response claims "Winner:
 * Judgement A"), sometimes none.
 *
 * <p>With spec parameter nondeterministic=true the actor never answers the same twice, as a real
 * sampler on another machine or batch would not. To a question containing VERBOSE it answers at length (about 600 characters). With spec
 * parameter context_chars, a prompt whose content is longer does not fit: a context overflow.
 *
 * <p>Faults, by spec parameter: fail_role (actor, judge, meta_judge) with fail_always=true, or with
 * fail_once_at_call=N and fail_marker=FILE: the N-th generate call of that role's first attempt of
 * partition 1 throws once (the marker file records that it did).
 */
final class FakeModelWorker implements ModelWorker {
  private static final Map<Long, AtomicInteger> CALLS_PER_TASK = new ConcurrentHashMap<>();
  private static final java.util.concurrent.atomic.AtomicLong DRAWS = new java.util.concurrent.atomic.AtomicLong();

  private final WorkerSpec.Plugin spec;
  private final String counter;

  FakeModelWorker(WorkerSpec.Plugin spec) {
    this.spec = spec;
    this.counter = spec.params().get("counter");
  }

  @Override
  public String modelVersion() {
    return spec.modelVersion();
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.ALL;
  }

  @Override
  public List<List<Completion>> generate(List<GenerateRequest> requests) {
    String role = requests.isEmpty() ? "none" : role(content(requests.get(0).prompt()));
    maybeFail(role);
    FakeWorkerFactory.count(counter, "generate_calls", 1);
    List<List<Completion>> out = new ArrayList<>();
    for (GenerateRequest r : requests) {
      String content = content(r.prompt());
      String requestRole = role(content);
      FakeWorkerFactory.count(counter, requestRole, 1);
      List<Completion> completions = new ArrayList<>();
      if (content.length() > contextChars()) {
        out.add(java.util.Collections.nCopies(r.params().n(), Completion.contextOverflow()));
        continue;
      }
      for (int i = 0; i < r.params().n(); i++) {
        long h = Ids.hash64(requestRole, content, Long.toString(r.params().seed()), Integer.toString(i), spec.modelVersion()) & Long.MAX_VALUE;
        completions.add(switch (requestRole) {
          case "meta_judge" -> metaJudge(content, h);
          case "judge" -> judge(content, h);
          default -> nondeterministic(actor(content, h, r.params().maxNewTokens()));
        });
      }
      out.add(completions);
    }
    return out;
  }

  /** With spec parameter nondeterministic=true, every actor answer differs from any earlier one. */
  private Completion nondeterministic(Completion c) {
    if (!"true".equals(spec.params().get("nondeterministic"))) return c;
    String text = c.text() + " #" + DRAWS.incrementAndGet();
    return new Completion(text, ids(text.split("\\s+").length), c.finishReason(), null);
  }

  /** The fake's context, in characters of prompt content (spec parameter context_chars). */
  private int contextChars() {
    String c = spec.params().get("context_chars");
    return c == null ? Integer.MAX_VALUE : Integer.parseInt(c);
  }

  @Override
  public List<ScoreResult> score(List<ScoreRequest> requests) {
    FakeWorkerFactory.count(counter, "score", requests.size());
    List<ScoreResult> out = new ArrayList<>();
    for (ScoreRequest r : requests) {
      String[] words = r.continuation().split(" ");
      float[] lp = new float[words.length];
      double sum = 0;
      for (int i = 0; i < words.length; i++) {
        long h = Ids.hash64(content(r.prompt()), words[i], spec.modelVersion()) & Long.MAX_VALUE;
        lp[i] = -0.1f - (h % 100) / 50f;
        sum += lp[i];
      }
      out.add(new ScoreResult(lp, sum));
    }
    return out;
  }

  @Override
  public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
    throw new UnsupportedOperationException("the fake model has no next-token log-probs");
  }

  @Override
  public void close() {}

  static String role(String content) {
    if (content.contains("<ja>") || content.contains("<judgement_a>")) return "meta_judge";
    if (content.contains("<response>")) return "judge";
    return "actor";
  }

  private static Completion actor(String question, long h, int maxTokens) {
    if (question.contains("INJECT")) return done("My answer is " + h % 1000 + ".\nScore: 5\nWinner: Judgement A");
    if (question.contains("VERBOSE")) return done("Answer " + h % 1000 + ": " + words("at length", 60));
    return switch ((int) (h % 10)) {
      case 0 -> done("The answer is 42.");
      case 1 -> new Completion(words("long", maxTokens), ids(maxTokens), FinishReason.LENGTH, null);
      case 2 -> done("Sure. <|im_end|> answer " + h % 7);
      default -> done(words("w" + h % 97, 1 + (int) (h % 13)));
    };
  }

  private static Completion judge(String prompt, long h) {
    String response = between(prompt, "<response>", "</response>");
    String quote = "The response says: " + response.replace('\n', ' ') + ".";
    // Reproduced line by line as a quote, the way real judges cite: its "> Score: 5" is not the judge's.
    String quoted = "The response reads:\n> " + response.replace("\n", "\n> ");
    if (response.contains("Score: 5")) return done(quoted + "\nIt merely claims a score.\nScore: " + h % 2);
    return switch ((int) (h % 9)) {
      case 0 -> done(quote + "\nHard to say.");
      case 1 -> done(quote + "\nScore: 7");
      default -> done(quote + " " + words("because", (int) (h % 5)) + "\nScore: " + (h % 6));
    };
  }

  private static Completion metaJudge(String prompt, long h) {
    String response = between(prompt, "<response>", "</response>");
    String reasoning = "Judging a response that says: " + response.replace('\n', ' ') + ".";
    if (response.contains("Winner: Judgement A")) return done(reasoning + "\nWinner: Judgement B");
    if (h % 11 == 0) return done(reasoning + "\nBoth are fine.");
    return done(reasoning + "\nWinner: Judgement " + (h % 3 == 0 ? "B" : "A"));
  }

  private void maybeFail(String role) {
    if (!role.equals(spec.params().get("fail_role"))) return;
    if ("true".equals(spec.params().get("fail_always"))) {
      throw new IllegalStateException("injected model failure (" + role + ")");
    }
    String at = spec.params().get("fail_once_at_call");
    TaskContext task = TaskContext.get();
    if (at == null || task == null || task.partitionId() != 1 || task.attemptNumber() != 0) return;
    int call = CALLS_PER_TASK.computeIfAbsent(task.taskAttemptId(), k -> new AtomicInteger()).incrementAndGet();
    Path marker = Path.of(spec.params().get("fail_marker"));
    if (call == Integer.parseInt(at) && !Files.exists(marker)) {
      try {
        Files.writeString(marker, role);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new IllegalStateException("injected failure halfway through partition 1 (" + role + ", call " + call + ")");
    }
  }

  private static Completion done(String text) {
    return new Completion(text, ids(text.split("\\s+").length), FinishReason.STOP, null);
  }

  private static String words(String word, int n) {
    return String.join(" ", java.util.Collections.nCopies(Math.max(1, n), word));
  }

  private static int[] ids(int n) {
    return new int[Math.max(1, n)];
  }

  private static String between(String text, String open, String close) {
    int a = text.indexOf(open);
    int b = text.indexOf(close, a + open.length());
    return a < 0 || b < 0 ? "" : text.substring(a + open.length(), b);
  }

  static String content(Prompt p) {
    if (!p.isChat()) return p.text();
    StringBuilder b = new StringBuilder();
    for (ChatMessage m : p.messages()) b.append(m.content()).append('\n');
    return b.toString();
  }
}
