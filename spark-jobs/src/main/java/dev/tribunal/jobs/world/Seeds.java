package dev.tribunal.jobs.world;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seed derivation for the task world. Every generated item draws from its own generator, seeded
 * from (world seed, stream, index), so item i is the same whatever n was asked for and streams
 * (training, held-out, judge data) never share draws. {@link Random} is used because its
 * algorithm is fixed by its specification, so a seed means the same data on every JVM.
 */
final class Seeds {
  private Seeds() {}

  /** SplitMix64's finaliser: spreads nearby inputs over all 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a over the UTF-8 bytes: a stable hash, unlike anything tied to a JVM's hashCode. */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  static long derive(long seed, String stream) {
    return mix(seed ^ mix(hash(stream)));
  }

  static Random random(long seed, String stream, long index) {
    return new Random(mix(derive(seed, stream) + index));
  }
}
