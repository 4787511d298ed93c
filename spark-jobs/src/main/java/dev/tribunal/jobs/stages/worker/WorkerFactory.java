package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;

/**
 * Builds model workers on executors. Implementations have a public no-argument constructor: they
 * are named by class in a {@link WorkerSpec} and instantiated reflectively, so a backend the
 * driver never links against can be plugged in.
 */
public interface WorkerFactory {

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
  ModelWorker create(WorkerSpec spec, String device);

  default Sharing sharing() {
    return Sharing.EXCLUSIVE;
  }
}
