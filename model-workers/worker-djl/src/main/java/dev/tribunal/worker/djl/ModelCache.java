package dev.tribunal.worker.djl;

import dev.tribunal.worker.LeasedCache;
import java.nio.file.Path;

/**
 * Loaded models of one executor JVM, at most one per (version, device), behind a JVM-wide
 * singleton: the weights are the heavy part, so every task's worker shares them. Tasks take a
 * lease; a model evicted while leased is closed when its last lease ends (see {@link LeasedCache}).
 */
public final class ModelCache<T extends AutoCloseable> {

  /** Loads one model; called at most once per key while it stays cached. */
  public interface Loader<T> {
    T load(String version, Path dir, String device);
  }

  /** System property for the shared cache's capacity (default 2: a policy and a reference model). */
  public static final String CAPACITY_PROPERTY = "tribunal.modelCache.capacity";

  private final LeasedCache<Key, T> cache;
  private final Loader<T> loader;

  public ModelCache(int capacity, Loader<T> loader) {
    this.cache = new LeasedCache<>("model", capacity);
    this.loader = loader;
  }

  /** The JVM's cache of {@link LoadedModel}s, built on first use. */
  public static ModelCache<LoadedModel> shared() {
    return Shared.CACHE;
  }

  /** The model for (version, device), loading it from dir if it is not cached. Close the lease when done. */
  public LeasedCache.Lease<T> acquire(String version, Path dir, String device) {
    return cache.acquire(new Key(version, device), k -> loader.load(version, dir, device));
  }

  /** Drops every cached model of this version (a new checkpoint replaced it). */
  public void invalidate(String version) {
    cache.invalidate(k -> k.version.equals(version));
  }

  public int size() {
    return cache.size();
  }

  private record Key(String version, String device) {
    @Override
    public String toString() {
      return version + " on " + device;
    }
  }

  /** Holder idiom: the system property is read when the cache is first used, on the executor. */
  private static final class Shared {
    static final ModelCache<LoadedModel> CACHE = new ModelCache<>(Integer.getInteger(CAPACITY_PROPERTY, 2),
        (v, dir, device) -> LoadedModel.load(v, dir, DevicePlacement.parse(device)));
  }
}
