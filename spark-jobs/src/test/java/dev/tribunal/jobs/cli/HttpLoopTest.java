package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One whole iteration of the loop over HTTP, as a user runs it: `tribunal serve` over the shipped
 * seed and the run directory, then `tribunal iterate` with models.backend http against it. Chat
 * prompts are scored through the seed's own template on the client; the trained version is served
 * by name from the run without a restart, and evaluated through the server.
 */
class HttpLoopTest {
  static final Path SEED = TinyIteration.SEED;
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void oneIterationRunsEveryStageThroughTheServerAndTheServerServesTheTrainedVersion() throws Exception {
    Path root = dir.resolve("runs");
    Path run = Files.createDirectories(root.resolve("http1"));
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--model", SEED.toString(), "--run", run.toString(), "--port", "0");
    try (ServeCommand.Serving serving = serve.open()) {
      String base = "http://127.0.0.1:" + serving.server().port();
      CliRun r = CliRun.of(TinyIteration.args(root, "http1", Map.of("spark.master", "local[2]"),
          "models.backend=http", "models.http.backend=tribunal", "models.http.base_url=" + base,
          "meta_rewarding.dpo.end_of_turn=false"));
      assertEquals(0, r.code(), r.err());

      Manifest manifest = new RunDirectory(root.toString(), "http1", new Configuration()).readManifest();
      for (String stage : List.of("sample", "judge", "meta-judge", "battle", "pairs", "ref-logprobs", "train",
          "eval-generate", "evaluate")) {
        int t = stage.startsWith("eval") ? 1 : 0;
        StageRecord s = manifest.find(stage, t).orElseThrow(() -> new AssertionError(stage + " did not run"));
        assertTrue(s.completed(), stage);
        // meta-judging and battles may find nothing to dispute among a dozen prompts' judgments
        if (!stage.equals("meta-judge") && !stage.equals("battle")) {
          assertTrue(s.rows() != null && s.rows() > 0, stage + " wrote rows: " + s.rows());
        }
      }
      JsonNode trained = JSON.readTree(Files.readString(run.resolve("iter=1/eval.json")));
      String m1 = trained.get("model_version").asText();
      assertTrue(m1.startsWith("M1-"), m1);
      assertEquals(m1, TinyIteration.finalModel(r.out()));
      assertTrue(trained.at("/metrics/actor/exact_rate/value").isNumber(), trained.toString());
      assertTrue(trained.at("/metrics/training/pairs/value").asDouble() > 0, "M1 was trained on pairs: " + trained);
      Path checkpoint = run.resolve("models/iter=1");
      assertTrue(Files.isRegularFile(checkpoint.resolve("model.safetensors")), "the new model's weights");

      CliRun status = CliRun.of("status", "--root", root.toString(), "--run-id", "http1");
      assertEquals(0, status.code(), status.err());
      assertTrue(status.out().contains("eval (iter=1/eval.json, " + m1 + "):"), "the latest evaluation: " + status.out());
      String win = status.out().lines().filter(l -> l.contains("gold_win_rate_vs_seed ")).findFirst().orElse("");
      assertTrue(win.matches(".*actor +gold_win_rate_vs_seed +[0-9.]+ \\(95% [0-9.]+-[0-9.]+\\) +\\(n=8\\).*"), win);
      assertTrue(status.out().lines().anyMatch(l -> l.matches(" +training +pairs +[0-9.]+ .*")), status.out());

      List<String> served = new ArrayList<>();
      JSON.readTree(get(base + "/v1/models")).path("data").forEach(m -> served.add(m.path("id").asText()));
      assertEquals(List.of("seed", m1), served, "the seed and the version the loop trained");
    }
  }

  static String get(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
