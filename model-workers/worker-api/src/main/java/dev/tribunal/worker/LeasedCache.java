package dev.tribunal.worker;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded least-recently-used cache of closeable values, as Iceberg's SparkExecutorCache: one
 * value per key, loaded once however many threads ask for it. Users take a {@link Lease}; a value
 * evicted (beyond capacity, or by {@link #invalidate}) while leased is closed when its last lease
 * ends, so the bound may be exceeded briefly but a running task never loses what it holds.
 *
 * @param <K> the key; equal keys share one value
 * @param <V> the cached value, closed when it leaves the cache and no lease holds it
 */
public final class LeasedCache<K, V extends AutoCloseable> {
  private static final Logger LOG = LoggerFactory.getLogger(LeasedCache.class);

  private final String what;
  private final int capacity;
  private final LinkedHashMap<K, Entry<K, V>> entries = new LinkedHashMap<>(16, 0.75f, true);

  /** A cache of at most capacity values; what names them in messages ("model", "model worker"). */
  public LeasedCache(String what, int capacity) {
    if (capacity < 1) throw new IllegalArgumentException(what + " cache capacity must be >= 1, was " + capacity);
    this.what = what;
    this.capacity = capacity;
  }

  /** The value for key, loading it if it is not cached. Close the lease when done. */
  public Lease<V> acquire(K key, Function<? super K, ? extends V> load) {
    Entry<K, V> entry = enter(key);
    try {
      return new Lease<>(what + " " + key, entry.value(load), () -> release(entry));
    } catch (RuntimeException e) {
      synchronized (this) {
        entries.remove(key, entry); // a failed load is not cached
      }
      release(entry);
      throw e;
    }
  }

  /** Drops every cached value whose key matches (a new checkpoint replaced a version). */
  public void invalidate(Predicate<? super K> which) {
    List<Entry<K, V>> dropped = new ArrayList<>();
    synchronized (this) {
      entries.values().removeIf(e -> {
        boolean match = which.test(e.key);
        if (match) dropped.add(e);
        return match;
      });
    }
    dropped.forEach(this::retire);
  }

  public synchronized int size() {
    return entries.size();
  }

  private Entry<K, V> enter(K key) {
    List<Entry<K, V>> evicted = new ArrayList<>();
    Entry<K, V> entry;
    synchronized (this) {
      entry = entries.computeIfAbsent(key, k -> new Entry<>(what, k));
      entry.leases++;
      for (Iterator<Entry<K, V>> it = entries.values().iterator(); entries.size() > capacity && it.hasNext(); ) {
        Entry<K, V> eldest = it.next();
        if (eldest != entry) {
          it.remove();
          evicted.add(eldest);
        }
      }
    }
    evicted.forEach(this::retire);
    return entry;
  }

  private void retire(Entry<K, V> e) {
    synchronized (this) {
      e.retired = true;
      if (e.leases > 0) return;
    }
    e.closeValue();
  }

  private void release(Entry<K, V> e) {
    synchronized (this) {
      if (--e.leases > 0 || !e.retired) return;
    }
    e.closeValue();
  }

  /** A hold on a cached value; closing it twice is harmless. */
  public static final class Lease<V> implements AutoCloseable {
    private final String name;
    private final V value;
    private final Runnable release;
    private boolean closed;

    private Lease(String name, V value, Runnable release) {
      this.name = name;
      this.value = value;
      this.release = release;
    }

    public synchronized V get() {
      if (closed) throw new IllegalStateException("lease on " + name + " is closed");
      return value;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) return;
        closed = true;
      }
      release.run();
    }
  }

  private static final class Entry<K, V extends AutoCloseable> {
    final String what;
    final K key;
    int leases; // guarded by the cache
    boolean retired; // guarded by the cache
    private V value; // guarded by this entry: loading one value does not block the others

    Entry(String what, K key) {
      this.what = what;
      this.key = key;
    }

    synchronized V value(Function<? super K, ? extends V> load) {
      if (value == null) {
        long start = System.nanoTime();
        value = load.apply(key);
        LOG.info("{} {} ready in {} ms", what, key, (System.nanoTime() - start) / 1_000_000);
      }
      return value;
    }

    synchronized void closeValue() {
      if (value == null) return;
      try {
        value.close();
        LOG.info("closed {} {}", what, key);
      } catch (Exception e) {
        LOG.warn("closing {} {} failed", what, key, e);
      }
      value = null;
    }
  }
}
