package dev.tribunal.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, part of every fingerprint: new code may compute different tables. */
public final class CodeVersion {
  private static final String VERSION = load();

  private CodeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/dev/tribunal/jobs/version.properties")) {
      Properties p = new Properties();
      if (in != null) p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
