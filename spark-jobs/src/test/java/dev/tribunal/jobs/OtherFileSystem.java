package dev.tribunal.jobs;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme, {@value #SCHEME}://, registered with Spark as
 * {@code spark.hadoop.fs.otherfs.impl}: code that reaches it through java.nio or assumes file:
 * fails, as it would on HDFS or S3A, while the files stay easy to inspect.
 */
public final class OtherFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "otherfs";
  private static final URI NAME = URI.create(SCHEME + ":///");

  /** The Spark setting that registers it. */
  public static final String SPARK_CONF = "spark.hadoop.fs." + SCHEME + ".impl";

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** A local directory as a URI of this file system. */
  public static String uri(java.nio.file.Path dir) {
    return SCHEME + "://" + dir.toAbsolutePath();
  }
}
