package dev.tribunal.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The files under deploy/ as the tests read them: YAML documents, Spark settings, scripts run. */
final class DeployFiles {
  static final ObjectMapper YAML = new YAMLMapper();
  static final Path ROOT = findRoot();

  private DeployFiles() {}

  private static Path findRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
    }
    throw new IllegalStateException("no repository root with deploy/ above " + Path.of("").toAbsolutePath());
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String text(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of a file (--- separated). */
  static List<JsonNode> documents(String relative) {
    try (var parser = new YAMLFactory().createParser(path(relative).toFile())) {
      List<JsonNode> out = new ArrayList<>();
      YAML.readValues(parser, JsonNode.class).forEachRemaining(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(relative, e);
    }
  }

  static ObjectNode document(String relative) {
    List<JsonNode> docs = documents(relative);
    if (docs.size() != 1) throw new IllegalStateException(relative + " has " + docs.size() + " documents");
    return (ObjectNode) docs.get(0);
  }

  /** A Spark properties file as spark-submit reads it: "key value" a line, # comments, in order. */
  static Map<String, String> sparkConf(String relative) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (String line : text(relative).split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      String[] kv = l.split("\\s+", 2);
      conf.put(kv[0], kv.length > 1 ? kv[1].strip() : "");
    }
    return conf;
  }

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  /** Runs a command in the repository root; env entries replace the inherited ones. */
  static Result run(List<String> command, Map<String, String> env) {
    try {
      Path out = Files.createTempFile("deploy-out", ".txt");
      Path err = Files.createTempFile("deploy-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not end within 60 s");
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
