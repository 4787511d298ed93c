package dev.tribunal.jobs.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * report.html: one self-contained page. Apache ECharts' minified script (from its WebJar on the
 * class path), the page's own script and style are inlined, and the report's JSON is embedded as
 * it is written to report.json, so the page needs no network and draws exactly that data.
 */
public final class ReportPage {
  static final String WEBJAR = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private ReportPage() {}

  /** json: the report as {@link ReportJson} wrote it. */
  public static String html(Report report, String json) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>Tribunal run " + escape(report.runId()) + "</title>\n"
        + "<style>\n" + resource("dev/tribunal/jobs/report/report.css") + "</style>\n"
        + "<script>\n" + echarts() + "\n</script>\n</head>\n"
        + "<body data-report=\"pending\">\n<header>\n<h1>Tribunal run " + escape(report.runId()) + "</h1>\n"
        + "<p>" + escape(report.run()) + "</p>\n<p>report generated " + escape(report.generated()) + ", "
        + report.chartCount() + " charts; the same figures are in report.json beside this page</p>\n</header>\n"
        + "<main id=\"report\"></main>\n"
        + "<script id=\"report-data\" type=\"application/json\">\n" + embeddable(json) + "</script>\n"
        + "<script>\n" + resource("dev/tribunal/jobs/report/report.js") + "</script>\n</body>\n</html>\n";
  }

  /**
   * JSON inside a script element: a "&lt;" only occurs in JSON strings, where "\u003c" is the same
   * character, so no "&lt;/script&gt;" in a run id or label can end the element.
   */
  static String embeddable(String json) {
    return json.replace("<", "\\u003c");
  }

  /** The minified ECharts of the WebJar on the class path, whatever its version. */
  static String echarts() {
    Properties webjar = new Properties();
    try (InputStream in = stream(WEBJAR)) {
      webjar.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WEBJAR, e);
    }
    return resource("META-INF/resources/webjars/echarts/" + webjar.getProperty("version") + "/dist/echarts.min.js");
  }

  private static String resource(String name) {
    try (InputStream in = stream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the class path", e);
    }
  }

  private static InputStream stream(String name) {
    InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the class path: the report needs org.webjars.npm:echarts"
          + " (spark-jobs' dependencies) and its own resources");
    }
    return in;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
