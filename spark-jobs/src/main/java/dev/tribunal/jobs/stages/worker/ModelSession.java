package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;

/**
 * One task's use of one model, inside a stage: the worker lease (given back when the task ends,
 * failed or not) and the calls, each checked for an answer per request, and each failure turned
 * into a {@link ModelCallException} naming the stage and the backend.
 */
public final class ModelSession implements AutoCloseable {
  private final String stage;
  private final WorkerSpec spec;
  private final WorkerLease lease;

  private ModelSession(String stage, WorkerSpec spec, WorkerLease lease) {
    this.stage = stage;
    this.spec = spec;
    this.lease = lease;
  }

  /** Opens the model for the running task on its device. */
  public static ModelSession open(String stage, WorkerSpec spec) {
    WorkerLease lease = call(stage, spec, "opening the model", () -> ExecutorWorkers.shared().acquire(spec, TaskDevice.current()));
    ModelSession session = new ModelSession(stage, spec, lease);
    TaskContext task = TaskContext.get();
    if (task != null) task.addTaskCompletionListener(new CloseOnCompletion(session));
    return session;
  }

  /** For each request, params.n() completions. */
  public List<List<Completion>> generate(List<GenerateRequest> requests) {
    List<List<Completion>> out = call(stage, spec, "generate", () -> lease.worker().generate(requests));
    check(out.size(), requests.size(), "generate");
    for (int i = 0; i < out.size(); i++) check(out.get(i).size(), requests.get(i).params().n(), "generate request " + i);
    return out;
  }

  public List<ScoreResult> score(List<ScoreRequest> requests) {
    List<ScoreResult> out = call(stage, spec, "score", () -> lease.worker().score(requests));
    check(out.size(), requests.size(), "score");
    return out;
  }

  /** For each request, its candidates' log-probs, or an overflow mark. */
  public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
    List<NextTokenResult> out = call(stage, spec, "next-token log-probs", () -> lease.worker().nextTokenLogprobs(requests));
    check(out.size(), requests.size(), "next-token log-probs");
    return out;
  }

  /** A reward model's reward per request; null where the sequence does not fit the context. */
  public List<Double> reward(List<ScoreRequest> requests) {
    List<Double> out = call(stage, spec, "reward", () -> lease.worker().reward(requests));
    check(out.size(), requests.size(), "reward");
    return out;
  }

  public WorkerSpec spec() {
    return spec;
  }

  @Override
  public void close() {
    lease.close();
  }

  private void check(int got, int asked, String what) {
    if (got != asked) {
      throw new ModelCallException(stage, spec.backend(), spec.modelVersion(), what,
          new IllegalStateException("asked for " + asked + " answers, got " + got));
    }
  }

  private static <T> T call(String stage, WorkerSpec spec, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ModelCallException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelCallException(stage, spec.backend(), spec.modelVersion(), what, e);
    }
  }

  private static final class CloseOnCompletion implements org.apache.spark.util.TaskCompletionListener {
    private final ModelSession session;

    CloseOnCompletion(ModelSession session) {
      this.session = session;
    }

    @Override
    public void onTaskCompletion(TaskContext context) {
      session.close();
    }
  }
}
