package dev.tribunal.worker.djl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded models of one executor JVM, at most one per (version, device): a bounded LRU map behind a
 * volatile singleton, as Iceberg's SparkExecutorCache. Tasks take a {@link Lease}; a model evicted
 * (beyond capacity, or by {@link #invalidate}) while leased is closed when its last lease ends,
 * so the bound may be exceeded briefly but a running task never loses its weights.
 */
public final class ModelCache<T extends AutoCloseable> {

  /** Loads one model; called at most once per key while it stays cached. */
  public interface Loader<T> {
    T load(String version, Path dir, String device);
  }

  /** System property for the shared cache's capacity (default 2: a policy and a reference model). */
  public static final String CAPACITY_PROPERTY = "tribunal.modelCache.capacity";
  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
  private static volatile ModelCache<LoadedModel> shared;

  private final int capacity;
  private final Loader<T> loader;
  private final LinkedHashMap<String, Entry<T>> entries = new LinkedHashMap<>(16, 0.75f, true);

  public ModelCache(int capacity, Loader<T> loader) {
    if (capacity < 1) throw new IllegalArgumentException("model cache capacity must be >= 1, was " + capacity);
    this.capacity = capacity;
    this.loader = loader;
  }

  /** The JVM's cache of {@link LoadedModel}s. */
  public static ModelCache<LoadedModel> shared() {
    ModelCache<LoadedModel> c = shared;
    if (c == null) {
      synchronized (ModelCache.class) {
        c = shared;
        if (c == null) {
          int capacity = Integer.getInteger(CAPACITY_PROPERTY, 2);
          c = new ModelCache<>(capacity, (v, dir, device) -> LoadedModel.load(v, dir, DevicePlacement.parse(device)));
          shared = c;
        }
      }
    }
    return c;
  }

  /** The model for (version, device), loading it from dir if it is not cached. Close the lease when done. */
  public Lease<T> acquire(String version, Path dir, String device) {
    Entry<T> e;
    List<Entry<T>> evicted = new ArrayList<>();
    synchronized (this) {
      e = entries.computeIfAbsent(version + "@" + device, k -> new Entry<>(version));
      e.leases++;
      for (Iterator<Entry<T>> it = entries.values().iterator(); entries.size() > capacity && it.hasNext(); ) {
        Entry<T> eldest = it.next();
        if (eldest != e) {
          it.remove();
          evicted.add(eldest);
        }
      }
    }
    evicted.forEach(this::retire);
    try {
      return new Lease<>(this, e, e.value(loader, dir, device));
    } catch (RuntimeException ex) {
      synchronized (this) {
        entries.remove(version + "@" + device, e); // a failed load is not cached
      }
      release(e);
      throw ex;
    }
  }

  /** Drops every cached model of this version (a new checkpoint replaced it). */
  public void invalidate(String version) {
    List<Entry<T>> dropped = new ArrayList<>();
    synchronized (this) {
      entries.values().removeIf(e -> {
        boolean match = e.version.equals(version);
        if (match) dropped.add(e);
        return match;
      });
    }
    dropped.forEach(this::retire);
  }

  public synchronized int size() {
    return entries.size();
  }

  private void retire(Entry<T> e) {
    synchronized (this) {
      e.retired = true;
      if (e.leases > 0) return;
    }
    e.closeValue();
  }

  private void release(Entry<T> e) {
    synchronized (this) {
      if (--e.leases > 0 || !e.retired) return;
    }
    e.closeValue();
  }

  /** A task's hold on a cached model. */
  public static final class Lease<T extends AutoCloseable> implements AutoCloseable {
    private final ModelCache<T> cache;
    private final Entry<T> entry;
    private final T value;
    private boolean closed;

    private Lease(ModelCache<T> cache, Entry<T> entry, T value) {
      this.cache = cache;
      this.entry = entry;
      this.value = value;
    }

    public T get() {
      if (closed) throw new IllegalStateException("lease on model " + entry.version + " is closed");
      return value;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        cache.release(entry);
      }
    }
  }

  private static final class Entry<T extends AutoCloseable> {
    final String version;
    int leases; // guarded by the cache
    boolean retired; // guarded by the cache
    private T value; // guarded by this entry: loading one model does not block the others

    Entry(String version) {
      this.version = version;
    }

    synchronized T value(Loader<T> loader, Path dir, String device) {
      if (value == null) {
        long start = System.nanoTime();
        value = loader.load(version, dir, device);
        LOG.info("loaded model {} on {} from {} in {} ms", version, device, dir, (System.nanoTime() - start) / 1_000_000);
      }
      return value;
    }

    synchronized void closeValue() {
      if (value == null) return;
      try {
        value.close();
        LOG.info("closed model {}", version);
      } catch (Exception ex) {
        LOG.warn("closing model {} failed", version, ex);
      }
      value = null;
    }
  }
}
