package dev.tribunal.worker;

import java.util.List;

/**
 * A model worker: everything the pipeline asks of a model. Batched by design: each call takes a
 * list and answers in the same order. Implementations: the in-JVM DJL runtime and the
 * OpenAI-compatible HTTP client. Not thread-safe unless an implementation says so.
 */
public interface ModelWorker extends AutoCloseable {

  /** A stable name of the weights (checkpoint version or served model id). */
  String modelVersion();

  Capabilities capabilities();

  /**
   * For each request, params.n() completions. A request whose prompt leaves no room under the
   * model's context answers {@link Completion#contextOverflow()} n times; the others are unaffected.
   */
  List<List<Completion>> generate(List<GenerateRequest> requests);

  List<ScoreResult> score(List<ScoreRequest> requests);

  List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> requests);

  /**
   * A reward model's scalar reward of each continuation as a whole assistant turn after its prompt
   * (spec 2.6), higher meaning preferred. Only reward models answer ({@link Capabilities#reward});
   * a language model refuses, as does every backend that does not override this. A request whose
   * sequence does not fit the model's context answers null, the others are unaffected.
   */
  default List<Double> reward(List<ScoreRequest> requests) {
    throw new UnsupportedOperationException("backend " + getClass().getSimpleName() + " (model " + modelVersion()
        + ") computes no rewards; rewards come from a reward model in the in-JVM runtime");
  }

  @Override
  void close();
}
