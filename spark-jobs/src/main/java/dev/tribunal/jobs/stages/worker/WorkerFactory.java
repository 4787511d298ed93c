package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;

/**
 * Builds model workers of one kind of {@link WorkerSpec} on executors. The built-in factories
 * serve {@link WorkerSpec.Djl} and {@link WorkerSpec.Http}; a plug-in implements a factory of
 * {@link WorkerSpec.Plugin} with a public no-argument constructor, named by class in its spec and
 * instantiated reflectively, so a backend the driver never links against can be plugged in.
 *
 * @param <S> the spec this factory reads
 */
public interface WorkerFactory<S extends WorkerSpec> {

  /** How an executor JVM holds the workers of a factory. */
  enum Sharing {
    /** Thread-safe: one worker per spec and device per JVM, used by concurrent tasks at once. */
    SHARED,
    /** Not thread-safe: one worker per spec and device per JVM, one task at a time (a lock). */
    EXCLUSIVE,
    /**
     * One worker per task, closed when the task ends; the factory shares what is heavy (the
     * in-JVM runtime keeps one copy of the weights per JVM behind its own bounded cache).
     */
    PER_TASK
  }

  /** A worker for the spec's model on a device ("cpu" or "gpu:N", see {@link TaskDevice}). */
  ModelWorker create(S spec, String device);

  default Sharing sharing() {
    return Sharing.EXCLUSIVE;
  }
}
