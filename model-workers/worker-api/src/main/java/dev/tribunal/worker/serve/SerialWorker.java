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

/**
 * A ModelWorker that lets one call in at a time. Workers are not thread-safe, and requests are
 * not merged into shared batches: the worker's output for a seed may depend on the batch it runs
 * in, so a request must come back the same whatever else the server was doing.
 */
final class SerialWorker implements ModelWorker {
  private final ModelWorker worker;

  SerialWorker(ModelWorker worker) {
    this.worker = worker;
  }

  @Override
  public synchronized String modelVersion() {
    return worker.modelVersion();
  }

  @Override
  public synchronized Capabilities capabilities() {
    return worker.capabilities();
  }

  @Override
  public synchronized List<List<Completion>> generate(List<GenerateRequest> requests) {
    return worker.generate(requests);
  }

  @Override
  public synchronized List<ScoreResult> score(List<ScoreRequest> requests) {
    return worker.score(requests);
  }

  @Override
  public synchronized List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests) {
    return worker.nextTokenLogprobs(requests);
  }

  @Override
  public synchronized List<Double> reward(List<ScoreRequest> requests) {
    return worker.reward(requests);
  }

  /** The server does not own the worker; whoever opened it closes it. */
  @Override
  public void close() {}
}
