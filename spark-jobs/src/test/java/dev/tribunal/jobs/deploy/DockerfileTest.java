package dev.tribunal.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile read as Docker would (no engine here): a pinned official Spark base at the pom's
 * Spark version, every file it copies present or built in its build stage, a non-root user, and
 * Spark's entrypoint left for the operator's pods.
 */
class DockerfileTest {
  private static final String FILE = "deploy/Dockerfile";

  /** One instruction, continuation lines joined, in its stage (0 = before the first FROM). */
  record Instruction(int stage, String keyword, List<String> args) {
    List<String> flags() {
      return args.stream().filter(a -> a.startsWith("--")).toList();
    }

    List<String> operands() {
      return args.stream().filter(a -> !a.startsWith("--")).toList();
    }

    String flag(String name) {
      return flags().stream().filter(f -> f.startsWith("--" + name + "=")).map(f -> f.substring(name.length() + 3))
          .findFirst().orElse(null);
    }
  }

  static List<Instruction> instructions() {
    List<Instruction> out = new ArrayList<>();
    int stage = 0;
    StringBuilder pending = new StringBuilder();
    for (String raw : DeployFiles.text(FILE).split("\n")) {
      String line = raw.strip();
      if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) continue;
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      String full = pending.append(line).toString().strip();
      pending.setLength(0);
      String[] parts = full.split("\\s+");
      String keyword = parts[0].toUpperCase();
      if (keyword.equals("FROM")) stage++;
      out.add(new Instruction(stage, keyword, List.of(parts).subList(1, parts.length)));
    }
    return out;
  }

  private static int finalStage() {
    return instructions().stream().mapToInt(Instruction::stage).max().orElseThrow();
  }

  /** The global ARGs' defaults, substituted into FROM lines. */
  private static String resolve(String value) {
    Map<String, String> args = new HashMap<>();
    instructions().stream().filter(i -> i.stage() == 0 && i.keyword().equals("ARG")).forEach(i -> {
      String[] kv = i.args().get(0).split("=", 2);
      args.put(kv[0], kv.length > 1 ? kv[1] : "");
    });
    Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(value);
    return m.replaceAll(r -> Matcher.quoteReplacement(args.getOrDefault(r.group(1), "")));
  }

  /** Paths the final image holds from COPY (a copied directory without its trailing slash). */
  static List<String> imagePaths() {
    int last = finalStage();
    return instructions().stream().filter(i -> i.stage() == last && i.keyword().equals("COPY"))
        .map(i -> i.operands().get(i.operands().size() - 1).replaceAll("/$", "")).toList();
  }

  private static String pom(String relative, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(DeployFiles.text(relative));
    assertTrue(m.find(), element + " in " + relative);
    return m.group(1);
  }

  @Test
  void theBaseIsTheOfficialSparkImageAtThePomsSparkScalaAndJavaVersions() {
    List<String> bases = instructions().stream().filter(i -> i.keyword().equals("FROM"))
        .map(i -> resolve(i.operands().get(0))).toList();
    for (String image : bases) {
      assertTrue(image.matches("[\\w./-]+:[\\w.-]*\\d[\\w.-]*(@sha256:[0-9a-f]{64})?"), "not pinned to a version: " + image);
      assertFalse(image.endsWith(":latest"), image);
    }
    String expected = "apache/spark:" + pom("pom.xml", "spark.version") + "-scala" + pom("pom.xml", "scala.binary") + "-java"
        + pom("pom.xml", "maven.compiler.release");
    assertTrue(bases.get(bases.size() - 1).startsWith(expected), bases.get(bases.size() - 1) + " is not " + expected + "...");
  }

  @Test
  void everyFileCopiedFromTheRepositoryExistsAndIsNotIgnored() {
    String ignore = DeployFiles.text(".dockerignore");
    for (Instruction copy : instructions()) {
      if (!copy.keyword().equals("COPY") || copy.flag("from") != null) continue;
      List<String> sources = copy.operands().subList(0, copy.operands().size() - 1);
      for (String source : sources) {
        assertTrue(Files.exists(DeployFiles.path(source)), "COPY " + source + ": not in the repository");
        assertFalse(ignore.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#") && source.startsWith(l.strip())),
            "COPY " + source + " is excluded by .dockerignore");
      }
    }
  }

  @Test
  void whatIsCopiedFromTheBuildStageIsTheGpuAssemblyMavenBuildsThere() {
    List<Instruction> all = instructions();
    String build = DeployFiles.text(FILE);
    List<String> buildRuns = all.stream().filter(i -> i.keyword().equals("RUN") && i.stage() < finalStage())
        .map(i -> String.join(" ", i.args())).toList();
    String maven = buildRuns.stream().filter(r -> r.contains("mvn") && r.contains("package")).findFirst().orElseThrow();
    assertTrue(maven.contains("-Pgpu,assembly"), "the image needs the CUDA build of libtorch: " + maven);
    assertTrue(maven.contains("cp spark-jobs/target/" + pom("spark-jobs/pom.xml", "finalName") + ".jar "),
        "the assembly the shade plugin names is the one copied: " + maven);
    assertTrue(DeployFiles.text("pom.xml").contains("<id>gpu</id>"), "the gpu profile");
    for (Instruction copy : all) {
      if (!copy.keyword().equals("COPY") || copy.flag("from") == null) continue;
      assertTrue(build.contains("AS " + copy.flag("from")), "no stage " + copy.flag("from"));
      String source = copy.operands().get(0);
      assertTrue(buildRuns.stream().anyMatch(r -> r.contains(source.replaceAll("/$", ""))), source + " is made by no RUN");
    }
  }

  @Test
  void theImageRunsAsSparksNonRootUserWithSparksEntrypoint() {
    int last = finalStage();
    List<Instruction> users = instructions().stream().filter(i -> i.stage() == last && i.keyword().equals("USER")).toList();
    assertFalse(users.isEmpty(), "no USER: the last one of the base would apply unseen");
    String user = users.get(users.size() - 1).args().get(0).split(":")[0];
    assertFalse(user.equals("root") || user.equals("0"), "USER " + user);
    // The operator starts driver and executor pods with Spark's /opt/entrypoint.sh driver|executor.
    assertTrue(instructions().stream().noneMatch(i -> i.stage() == last
        && (i.keyword().equals("ENTRYPOINT") || i.keyword().equals("CMD"))), "ENTRYPOINT/CMD would replace Spark's");
  }

  @Test
  void theImageHoldsTheJarTheScriptTheSeedAndDjlsOfflineSettings() {
    List<String> paths = imagePaths();
    for (String p : List.of("/opt/tribunal/tribunal-assembly.jar", "/opt/tribunal/get-gpus.sh", "/opt/tribunal/models/seed")) {
      assertTrue(paths.contains(p), p + " not in " + paths);
    }
    String env = instructions().stream().filter(i -> i.keyword().equals("ENV")).map(i -> String.join(" ", i.args()))
        .reduce("", String::concat);
    assertTrue(env.contains("DJL_OFFLINE=true") && env.contains("OPT_OUT_TRACKING=true"), env);
    assertEquals("755", instructions().stream().filter(i -> i.keyword().equals("COPY")
        && i.operands().get(0).endsWith("get-gpus.sh")).findFirst().orElseThrow().flag("chmod"));
  }
}
