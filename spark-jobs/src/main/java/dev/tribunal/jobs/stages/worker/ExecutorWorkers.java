package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.LeasedCache;
import dev.tribunal.worker.ModelWorker;
import java.util.concurrent.Semaphore;

/**
 * The model workers of one executor JVM: a {@link LeasedCache} of at most {@code capacity}
 * workers (least recently used first out), keyed by spec and device, so one model version is
 * loaded once per JVM however many tasks use it.
 *
 * <p>ModelWorker is not thread-safe unless its factory says so, and tasks of one executor run on
 * concurrent threads. Each factory declares how its workers are held ({@link WorkerFactory.Sharing}):
 * a thread-safe worker (the HTTP client) is shared outright; any other cached worker is held by
 * one task at a time behind a per-worker lock, which on a GPU is what one wants anyway (tasks of a
 * shared device take turns with full batches instead of splitting its memory); a runtime that keeps
 * its own weight cache (DJL) gets a fresh worker per task, closed when the task ends.
 *
 * <p>A new version pushes the least recently used one out, so with the default capacity of 2 (the
 * policy and the reference) M_{t-1} goes when M_{t+1} arrives; an evicted worker still leased is
 * closed when its last lease ends. {@link #invalidate} drops a version at once.
 */
public final class ExecutorWorkers {
  /** System property for the shared capacity (executor JVM option). */
  public static final String CAPACITY_PROPERTY = "tribunal.workerCache.capacity";

  private final WorkerFactories factories = new WorkerFactories();
  private final LeasedCache<Key, Held> cache;

  public ExecutorWorkers(int capacity) {
    this.cache = new LeasedCache<>("model worker", capacity);
  }

  /** This JVM's cache, built on first use. */
  public static ExecutorWorkers shared() {
    return Shared.WORKERS;
  }

  /** A worker for the spec on the device; blocks while another task holds an exclusive one. */
  public WorkerLease acquire(WorkerSpec spec, String device) {
    WorkerFactories.Bound<?> bound = factories.bind(spec);
    if (bound.sharing() == WorkerFactory.Sharing.PER_TASK) {
      ModelWorker worker = bound.create(device);
      return new WorkerLease(worker, worker::close);
    }
    LeasedCache.Lease<Held> lease = cache.acquire(new Key(spec, device), k -> Held.open(bound, device));
    Held held = lease.get();
    try {
      held.lock();
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
    return new WorkerLease(held.worker, () -> {
      held.unlock();
      lease.close();
    });
  }

  /** Drops every cached worker of this model version. */
  public void invalidate(String modelVersion) {
    cache.invalidate(k -> k.spec.modelVersion().equals(modelVersion));
  }

  public int size() {
    return cache.size();
  }

  /** Equal specs on the same device share a worker. */
  private record Key(WorkerSpec spec, String device) {
    @Override
    public String toString() {
      return spec + " on " + device;
    }
  }

  /** A cached worker and, unless it is thread-safe, the turn tasks take on it. */
  private static final class Held implements AutoCloseable {
    final ModelWorker worker;
    final Semaphore turn; // null for shared workers

    private Held(ModelWorker worker, boolean exclusive) {
      this.worker = worker;
      this.turn = exclusive ? new Semaphore(1, true) : null;
    }

    static Held open(WorkerFactories.Bound<?> bound, String device) {
      return new Held(bound.create(device), bound.sharing() == WorkerFactory.Sharing.EXCLUSIVE);
    }

    void lock() {
      if (turn == null) return;
      try {
        turn.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // a killed task stops waiting for its turn
        throw new IllegalStateException("interrupted while waiting for model worker " + worker.modelVersion(), e);
      }
    }

    void unlock() {
      if (turn != null) turn.release();
    }

    @Override
    public void close() {
      worker.close();
    }
  }

  /** Holder idiom: the system property is read when the cache is first used, on the executor. */
  private static final class Shared {
    static final ExecutorWorkers WORKERS = new ExecutorWorkers(Integer.getInteger(CAPACITY_PROPERTY, 2));
  }
}
