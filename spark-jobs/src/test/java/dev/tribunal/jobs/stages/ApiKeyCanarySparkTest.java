package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.Secrets;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.spark.Sessions;
import dev.tribunal.jobs.metarewarding.MetaRewardingStages;
import dev.tribunal.jobs.stages.worker.ModelCallException;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API key canary in the environment (set for the test JVM by the build) reaches the server and
 * nothing else: not the logs, not Spark's event log, not the configuration dump, not an error
 * message, not the run directory. It is also handed to executors the way users do
 * (spark.executorEnv.*), which puts it into Spark's own properties.
 */
class ApiKeyCanarySparkTest {
  private static final String KEY_ENV = "TRIBUNAL_CANARY_API_KEY";

  @TempDir Path dir;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile boolean echoKeyInError;

  @Test
  void theKeyReachesTheServerAndNoLogEventLogDumpErrorOrTable() throws Exception {
    String canary = System.getenv(KEY_ENV);
    assertNotNull(canary, KEY_ENV + " must be set for the test JVM (the build's surefire configuration)");
    HttpServer server = server();
    StringWriter logs = new StringWriter();
    WriterAppender appender = capture(logs);
    SparkSession spark = null;
    String failure;
    ObjectNode tree;
    try {
      Path events = Files.createDirectories(dir.resolve("events"));
      Path file = Files.writeString(dir.resolve("canary.yaml"), "spark:\n  master: \"local[2]\"\n  conf:\n"
          + "    spark.eventLog.enabled: \"true\"\n    spark.eventLog.dir: \"" + events.toUri() + "\"\n"
          + "    spark.executorEnv." + KEY_ENV + ": \"" + canary + "\"\n");
      tree = new ConfigLoader(System::getenv).tree(file, List.of(
          "models.backend=http", "models.http.base_url=http://127.0.0.1:" + server.getAddress().getPort(),
          "models.http.api_key_env=" + KEY_ENV, "models.http.max_attempts=1", "meta_rewarding.dpo.end_of_turn=false",
          "meta_rewarding.k=2", "meta_rewarding.prompts=imported"));
      TribunalConfig config = ConfigLoader.bind(tree);
      spark = Sessions.create(config.spark(), "canary");
      Loop loop = new Loop(spark, dir.resolve("runs")).importPrompts(dir);
      var stages = new MetaRewardingStages(config.metaRewarding(), config.resolvedRoles(), config.world());
      var sample = stages.sample(new TableRef(0, "prompts"), WorkerSpecs.seed(config.models()));

      echoKeyInError = true; // a server that repeats the key it was given in its error message
      failure = assertThrows(ModelCallException.class, () -> loop.stages.run(sample, 0)).toString();
      echoKeyInError = false;
      loop.stages.run(sample, 0);
    } finally {
      if (spark != null) spark.stop(); // flushes the event log
      release(appender);
      server.stop(0);
    }
    assertFalse(authorizations.isEmpty());
    assertTrue(authorizations.stream().allMatch(("Bearer " + canary)::equals), "the key was sent");
    assertFalse(failure.contains(canary), failure);
    assertTrue(failure.contains("401"), failure);
    assertFalse(logs.toString().contains(canary), "logs");
    assertTrue(logs.toString().contains("committed"), "the capture saw the run's own lines");
    assertFalse(Secrets.dump(tree).contains(canary), "configuration dump");
    assertTrue(Secrets.dump(tree).contains(KEY_ENV), "the dump names where the key comes from");
    List<Path> files = files(dir.resolve("events"));
    assertFalse(files.isEmpty(), "Spark wrote an event log");
    for (Path f : files) assertFalse(contains(f, canary), "event log " + f);
    for (Path f : files(dir.resolve("runs"))) assertFalse(contains(f, canary), "run directory " + f);
  }

  /** OpenAI-compatible completion endpoints that record the Authorization header of every request. */
  private HttpServer server() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::answer);
    server.createContext("/v1/completions", this::answer);
    server.start();
    return server;
  }

  private void answer(HttpExchange x) throws IOException {
    x.getRequestBody().readAllBytes();
    String auth = x.getRequestHeaders().getFirst("Authorization");
    authorizations.add(String.valueOf(auth));
    boolean chat = x.getRequestURI().getPath().endsWith("/chat/completions");
    String body = echoKeyInError
        ? "{\"error\":{\"message\":\"Incorrect API key provided: " + auth + "\"}}"
        : chat ? "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"fine\"},\"logprobs\":{\"content\":[{\"token\":\"fine\",\"logprob\":-0.5,\"top_logprobs\":[]}]}}]}"
        : "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"text\":\"fine\","
            + "\"logprobs\":{\"tokens\":[\"fine\"],\"token_logprobs\":[-0.5]}}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(echoKeyInError ? 401 : 200, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  /** Every log event at INFO and above, from every logger, with stack traces. */
  private static WriterAppender capture(StringWriter out) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    WriterAppender appender = WriterAppender.newBuilder().setName("canary").setTarget(out)
        .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n%throwable").build()).build();
    appender.start();
    context.getConfiguration().addAppender(appender);
    context.getConfiguration().getRootLogger().addAppender(appender, Level.INFO, null);
    context.getConfiguration().getRootLogger().setLevel(Level.INFO);
    context.updateLoggers();
    return appender;
  }

  private static void release(WriterAppender appender) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.getConfiguration().getRootLogger().setLevel(Level.WARN);
    context.updateLoggers();
    appender.stop();
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static boolean contains(Path file, String text) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
  }
}
