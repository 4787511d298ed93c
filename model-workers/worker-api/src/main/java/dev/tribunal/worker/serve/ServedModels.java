package dev.tribunal.worker.serve;

import dev.tribunal.worker.ModelWorker;
import java.util.List;
import java.util.function.Function;

/**
 * The models a server answers for, by the name a request puts in its {@code model} field. One
 * fixed worker ({@link #of}), or versions loaded on demand (a run's checkpoints, say), each call
 * getting a worker for its own duration.
 */
public interface ServedModels {

  /** The model a request without a {@code model} field gets; listed first by GET /v1/models. */
  String defaultName();

  /** Every name a request may ask for now, the default first. */
  List<String> names();

  /**
   * Runs call with a worker of the model named name, held for the call's duration only.
   *
   * @throws UnknownModelException when no model has that name
   */
  <R> R call(String name, Function<ModelWorker, R> call);

  /** No model of that name is served here (the server answers 404 model_not_found). */
  final class UnknownModelException extends RuntimeException {
    public UnknownModelException(String name, List<String> served) {
      super("model '" + name + "' is not served here; this server serves " + served);
    }
  }

  /** One worker under one name; the caller keeps owning the worker. */
  static ServedModels of(ModelWorker worker, String name) {
    return new ServedModels() {
      @Override
      public String defaultName() {
        return name;
      }

      @Override
      public List<String> names() {
        return List.of(name);
      }

      @Override
      public <R> R call(String asked, Function<ModelWorker, R> call) {
        if (!asked.equals(name)) throw new UnknownModelException(asked, names());
        return call.apply(worker);
      }
    };
  }
}
