package dev.tribunal.worker.train;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest behind training-data fingerprints; every JVM must provide SHA-256. */
final class Sha256 {

  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
