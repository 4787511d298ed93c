package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;

/**
 * A task's hold on a model worker. Closing gives it back: a per-task worker is closed, a cached
 * one is unlocked (exclusive) and released. Idempotent, so a task completion listener and the
 * normal end of a partition may both close it.
 */
public final class WorkerLease implements AutoCloseable {
  private final ModelWorker worker;
  private final Runnable release;
  private boolean closed;

  WorkerLease(ModelWorker worker, Runnable release) {
    this.worker = worker;
    this.release = release;
  }

  public ModelWorker worker() {
    if (closed) throw new IllegalStateException("worker lease is closed");
    return worker;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    release.run();
  }
}
