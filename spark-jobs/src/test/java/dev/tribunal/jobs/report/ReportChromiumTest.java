package dev.tribunal.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a browser draws it: headless Chromium opens report.html from a file (no network) and
 * the page marks itself rendered once every chart is drawn without error. The screenshot is left
 * in target/report-chromium/ to look at.
 */
class ReportChromiumTest {
  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

  @TempDir Path dir;

  @Test
  void everyChartIsDrawnWithItsTitleAndAxisLabels() throws Exception {
    Report report = ReportBuilder.build(ReportFixtures.everything(), "2026-01-02T03:04:05Z");
    Path page = dir.resolve("report.html");
    Files.writeString(page, ReportPage.html(report, ReportJson.of(report)), StandardCharsets.UTF_8);

    String dom = chromium("--dump-dom", page.toUri().toString());
    assertTrue(dom.contains("data-report=\"rendered\""), "the page did not finish drawing: " + marker(dom));
    assertTrue(dom.contains("data-charts-rendered=\"" + report.chartCount() + "\""), marker(dom));
    assertEquals(report.chartCount(), count(dom, "data-rendered=\"true\""));
    assertTrue(count(dom, "<svg") >= report.chartCount(), "every chart is an SVG");
    for (Section s : report.sections()) {
      for (Chart c : s.charts()) {
        for (String text : List.of(c.title(), c.xLabel(), c.yLabel())) {
          assertTrue(dom.contains(">" + html(text) + "<"), "chart " + c.id() + " shows no '" + text + "'");
        }
      }
    }

    Path shots = Files.createDirectories(Path.of("target", "report-chromium"));
    Path png = shots.resolve("report.png");
    Files.deleteIfExists(png);
    chromium("--screenshot=" + png.toAbsolutePath(), "--window-size=1400,4200", page.toUri().toString());
    assertTrue(Files.size(png) > 50_000, "the screenshot is nearly empty: " + Files.size(png) + " bytes");
  }

  /** Runs headless Chromium on a fresh profile with everything that could reach the network off. */
  private String chromium(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile"), "--virtual-time-budget=5000"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 120 s: " + Files.readString(err));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
    return Files.readString(out);
  }

  /** Chromium is a test dependency of the build machine, installed by deploy/install-deps.sh. */
  static String binary() {
    return CANDIDATES.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst().orElseGet(() -> {
      fail("chromium is not installed (looked for " + CANDIDATES + "): the report's rendering test needs it;"
          + " run deploy/install-deps.sh as root (or apt-get install chromium)");
      return null;
    });
  }

  private static String marker(String dom) {
    Matcher m = Pattern.compile("<body[^>]*>").matcher(dom);
    return m.find() ? m.group() : dom.substring(0, Math.min(500, dom.length()));
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
