package dev.tribunal.worker.djl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The libtorch this JVM would run: its flavour (cpu, cu124, ...) as DJL's native jar declares it,
 * and the GPUs it sees. The flavour is read from the class path without loading anything, so a CPU
 * build facing a GPU request is named before libtorch is ever loaded.
 *
 * @param flavor      "cpu", a CUDA flavour such as "cu124", "external" (PYTORCH_LIBRARY_PATH),
 *                    "unknown" (no native jar found) or "unused" (no GPU involved, nothing read)
 * @param version     the libtorch build, or the external path
 * @param visibleGpus GPUs PyTorch sees (0 for a CPU build, which is not loaded to ask)
 */
public record NativeLibrary(String flavor, String version, int visibleGpus) {
  /** DJL's native jars describe themselves in this resource. */
  static final String PROPERTIES = "native/lib/pytorch.properties";
  static final NativeLibrary UNUSED = new NativeLibrary("unused", "", 0);

  public boolean cpuOnly() {
    return flavor.equals("cpu");
  }

  /** What the class path and environment provide; loads libtorch only for a CUDA flavour, to count its GPUs. */
  public static NativeLibrary detect() {
    NativeLibrary declared = declaredHere();
    return declared.cpuOnly() ? declared : new NativeLibrary(declared.flavor, declared.version, DevicePlacement.visibleGpus());
  }

  /** What the class path and environment declare, loading nothing (visibleGpus is 0: not asked). */
  public static NativeLibrary declaredHere() {
    return declared(properties(), System.getenv("PYTORCH_LIBRARY_PATH"));
  }

  /** The pure part: the jar's declaration, unless PYTORCH_LIBRARY_PATH points DJL elsewhere. */
  static NativeLibrary declared(Properties jar, String libraryPath) {
    if (libraryPath != null && !libraryPath.isBlank()) return new NativeLibrary("external", libraryPath, 0);
    if (jar == null) return new NativeLibrary("unknown", "no " + PROPERTIES + " on the class path", 0);
    return new NativeLibrary(jar.getProperty("flavor", "unknown"), jar.getProperty("version", "unknown"), 0);
  }

  private static Properties properties() {
    try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(PROPERTIES)) {
      if (in == null) return null;
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + PROPERTIES, e);
    }
  }

  @Override
  public String toString() {
    return "libtorch " + version + " (" + flavor + ")";
  }
}
