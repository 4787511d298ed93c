package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model workers of one executor JVM, after Iceberg's SparkExecutorCache: a volatile singleton
 * holding at most {@code capacity} workers (least recently used first out), keyed by spec and
 * device, so one model version is loaded once per JVM however many tasks use it.
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
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorWorkers.class);
  private static volatile ExecutorWorkers shared;

  private final int capacity;
  private final Map<String, WorkerFactory> factories = new ConcurrentHashMap<>();
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  public ExecutorWorkers(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("worker cache capacity must be >= 1, was " + capacity);
    this.capacity = capacity;
  }

  /** This JVM's cache. */
  public static ExecutorWorkers shared() {
    ExecutorWorkers c = shared;
    if (c == null) {
      synchronized (ExecutorWorkers.class) {
        c = shared;
        if (c == null) {
          c = new ExecutorWorkers(Integer.getInteger(CAPACITY_PROPERTY, 2));
          shared = c;
        }
      }
    }
    return c;
  }

  /** A worker for the spec on the device; blocks while another task holds an exclusive one. */
  public WorkerLease acquire(WorkerSpec spec, String device) {
    WorkerFactory factory = factory(spec.factory());
    if (factory.sharing() == WorkerFactory.Sharing.PER_TASK) {
      ModelWorker worker = factory.create(spec, device);
      return new WorkerLease(worker, worker::close);
    }
    Entry entry = enter(spec, device, factory);
    ModelWorker worker;
    try {
      worker = entry.worker(factory, spec, device);
    } catch (RuntimeException e) {
      synchronized (this) {
        entries.remove(entry.key, entry); // a worker that failed to build is not cached
      }
      release(entry);
      throw e;
    }
    try {
      entry.lock();
    } catch (RuntimeException e) {
      release(entry);
      throw e;
    }
    return new WorkerLease(worker, () -> leave(entry));
  }

  /** Drops every cached worker of this model version. */
  public void invalidate(String modelVersion) {
    List<Entry> dropped = new ArrayList<>();
    synchronized (this) {
      entries.values().removeIf(e -> {
        boolean match = e.version.equals(modelVersion);
        if (match) dropped.add(e);
        return match;
      });
    }
    dropped.forEach(this::retire);
  }

  public synchronized int size() {
    return entries.size();
  }

  private Entry enter(WorkerSpec spec, String device, WorkerFactory factory) {
    Key key = new Key(spec, device);
    List<Entry> evicted = new ArrayList<>();
    Entry entry;
    synchronized (this) {
      entry = entries.computeIfAbsent(key, k -> new Entry(k, spec.modelVersion(),
          factory.sharing() == WorkerFactory.Sharing.EXCLUSIVE));
      entry.leases++;
      for (Iterator<Entry> it = entries.values().iterator(); entries.size() > capacity && it.hasNext(); ) {
        Entry eldest = it.next();
        if (eldest != entry) {
          it.remove();
          evicted.add(eldest);
        }
      }
    }
    evicted.forEach(this::retire);
    return entry;
  }

  private void leave(Entry entry) {
    entry.unlock();
    release(entry);
  }

  private void retire(Entry e) {
    synchronized (this) {
      e.retired = true;
      if (e.leases > 0) return;
    }
    e.closeWorker();
  }

  private void release(Entry e) {
    synchronized (this) {
      if (--e.leases > 0 || !e.retired) return;
    }
    e.closeWorker();
  }

  private WorkerFactory factory(String className) {
    return factories.computeIfAbsent(className, ExecutorWorkers::instantiate);
  }

  /** The context class loader sees the application's jars on an executor. */
  static WorkerFactory instantiate(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> type = Class.forName(className, true, loader == null ? ExecutorWorkers.class.getClassLoader() : loader);
      if (!WorkerFactory.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("worker factory " + className + " does not implement " + WorkerFactory.class.getName());
      }
      return (WorkerFactory) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("worker factory " + className + " is not on this JVM's class path", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("worker factory " + className + " cannot be instantiated (a public"
          + " no-argument constructor is required): " + e, e);
    }
  }

  /** Equal specs on the same device share a worker. */
  private record Key(WorkerSpec spec, String device) {
    @Override
    public String toString() {
      return spec + " on " + device;
    }
  }

  private static final class Entry {
    final Key key;
    final String version;
    final Semaphore turn; // null for shared workers
    int leases; // guarded by the cache
    boolean retired; // guarded by the cache
    private ModelWorker worker; // guarded by this entry: building one worker does not block others

    Entry(Key key, String version, boolean exclusive) {
      this.key = key;
      this.version = version;
      this.turn = exclusive ? new Semaphore(1, true) : null;
    }

    synchronized ModelWorker worker(WorkerFactory factory, WorkerSpec spec, String device) {
      if (worker == null) {
        long start = System.nanoTime();
        worker = factory.create(spec, device);
        LOG.info("model worker {} on {} ready in {} ms", spec, device, (System.nanoTime() - start) / 1_000_000);
      }
      return worker;
    }

    void lock() {
      if (turn == null) return;
      try {
        turn.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // a killed task stops waiting for its turn
        throw new IllegalStateException("interrupted while waiting for model worker " + key, e);
      }
    }

    void unlock() {
      if (turn != null) turn.release();
    }

    synchronized void closeWorker() {
      if (worker == null) return;
      try {
        worker.close();
        LOG.info("closed model worker {}", key);
      } catch (RuntimeException e) {
        LOG.warn("closing model worker {} failed", key, e);
      }
      worker = null;
    }
  }
}
