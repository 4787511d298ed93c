package dev.tribunal.worker.serve;

import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.List;
import java.util.function.Supplier;

/**
 * A ModelWorker that lets one call in at a time, for every worker sharing its lock (a server's
 * models all share one: they share the machine's cores or its GPU). Workers are not thread-safe,
 * and requests are not merged into shared batches: the worker's output for a seed may depend on
 * the batch it runs in, so a request must come back the same whatever else the server was doing.
 */
final class SerialWorker implements ModelWorker {
  private final ModelWorker worker;
  private final Object lock;

  SerialWorker(ModelWorker worker) {
    this(worker, new Object());
  }

  SerialWorker(ModelWorker worker, Object lock) {
    this.worker = worker;
    this.lock = lock;
  }

  @Override
  public String modelVersion() {
    return locked(worker::modelVersion);
  }

  @Override
  public Capabilities capabilities() {
    return locked(worker::capabilities);
  }

  @Override
  public List<List<Completion>> generate(List<GenerateRequest> requests) {
    return locked(() -> worker.generate(requests));
  }

  @Override
  public List<ScoreResult> score(List<ScoreRequest> requests) {
    return locked(() -> worker.score(requests));
  }

  @Override
  public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
    return locked(() -> worker.nextTokenLogprobs(requests));
  }

  @Override
  public List<Double> reward(List<ScoreRequest> requests) {
    return locked(() -> worker.reward(requests));
  }

  /** Every call goes through here, so that no two calls of the workers sharing the lock overlap. */
  private <T> T locked(Supplier<T> call) {
    synchronized (lock) {
      return call.get();
    }
  }

  /** The server does not own the worker; whoever opened it closes it. */
  @Override
  public void close() {}
}
