package dev.tribunal.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.Secrets;
import dev.tribunal.jobs.config.TribunalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/k8s: valid for the spark-operator, GPUs where the work is, everything it names defined. */
class OperatorManifestsTest {
  private static final String ONE_OFF = "deploy/k8s/sparkapplication.yaml";
  private static final String SCHEDULED = "deploy/k8s/scheduled-sparkapplication.yaml";
  private static final List<String> GPU_KEYS = List.of("amount", "discoveryScript", "vendor");

  private static List<JsonNode> specs() {
    return List.of(DeployFiles.document(ONE_OFF).get("spec"), DeployFiles.document(SCHEDULED).at("/spec/template"));
  }

  @Test
  void bothManifestsAreValidForTheOperatorsSchema() {
    for (String file : List.of(ONE_OFF, SCHEDULED)) {
      assertEquals(List.of(), OperatorSchema.errors(DeployFiles.document(file)), file);
    }
  }

  @Test
  void theSchemaRefusesWhatTheOperatorRefuses() {
    ObjectNode unquoted = DeployFiles.document(ONE_OFF);
    ((ObjectNode) unquoted.at("/spec/sparkConf")).put("spark.task.resource.gpu.amount", 1);
    assertFalse(OperatorSchema.errors(unquoted).isEmpty(), "a sparkConf value must be a string");
    ObjectNode misspelt = DeployFiles.document(ONE_OFF);
    ((ObjectNode) misspelt.at("/spec/driver")).put("gpus", 1);
    assertFalse(OperatorSchema.errors(misspelt).isEmpty(), "an unknown driver field");
    ObjectNode noVersion = DeployFiles.document(ONE_OFF);
    ((ObjectNode) noVersion.get("spec")).remove("sparkVersion");
    assertFalse(OperatorSchema.errors(noVersion).isEmpty(), "sparkVersion is required");
    ObjectNode lowercase = DeployFiles.document(SCHEDULED);
    ((ObjectNode) lowercase.get("spec")).put("concurrencyPolicy", "forbid");
    assertFalse(OperatorSchema.errors(lowercase).isEmpty(), "concurrencyPolicy is an enum");
  }

  @Test
  void theScheduleRunsTheOneOffApplicationEveryNightNeverTwoAtOnce() {
    ObjectNode scheduled = DeployFiles.document(SCHEDULED);
    assertEquals(DeployFiles.document(ONE_OFF).get("spec"), scheduled.at("/spec/template"),
        "the scheduled template and the one-off spec drifted apart");
    assertEquals("Forbid", scheduled.at("/spec/concurrencyPolicy").asText());
    assertEquals(5, scheduled.at("/spec/schedule").asText().trim().split("\\s+").length, "a five-field cron line");
  }

  @Test
  void tasksExecutorsAndTheDriverHoldGpusThatThePodsRequest() {
    for (JsonNode spec : specs()) {
      JsonNode conf = spec.get("sparkConf");
      for (String role : List.of("executor", "driver")) {
        for (String key : GPU_KEYS) assertTrue(conf.has("spark." + role + ".resource.gpu." + key), role + " " + key);
        assertEquals(spec.at("/" + role + "/gpu/quantity").asText(), conf.get("spark." + role + ".resource.gpu.amount").asText(),
            role + ": the pod's GPU and Spark's GPU amount differ");
      }
      double task = Double.parseDouble(conf.get("spark.task.resource.gpu.amount").asText());
      assertTrue(task > 0 && task <= conf.get("spark.executor.resource.gpu.amount").asDouble(), "task GPU amount " + task);
    }
  }

  @Test
  void theSparkSettingsAgreeWithTheGpuDefaultsFile() {
    Map<String, String> file = DeployFiles.sparkConf("deploy/conf/spark-defaults-gpu.conf");
    for (JsonNode spec : specs()) {
      spec.get("sparkConf").fields().forEachRemaining(e -> {
        if (file.containsKey(e.getKey()) && !e.getKey().endsWith("discoveryScript")) {
          assertEquals(file.get(e.getKey()), e.getValue().asText(), e.getKey());
        }
      });
      assertEquals(file.get("spark.driver.memory"), spec.at("/driver/memory").asText());
      assertEquals(file.get("spark.driver.memoryOverhead"), spec.at("/driver/memoryOverhead").asText());
      assertEquals(file.get("spark.executor.memoryOverhead"), spec.at("/executor/memoryOverhead").asText());
    }
  }

  @Test
  void theRedactionRegexKeepsSparksDefaultAndAddsApiKeys() {
    String regex = DeployFiles.sparkConf("deploy/conf/spark-defaults-gpu.conf").get("spark.redaction.regex");
    assertEquals(Secrets.REGEX, regex, "one regex for Spark's redaction and tribunal's masking");
    Pattern p = Pattern.compile(regex);
    for (String key : List.of("spark.hadoop.fs.s3a.access.key", "fs.s3a.secret.key", "models.http.api_key",
        "spark.kubernetes.driverEnv.TRIBUNAL_API_KEY", "spark.executorEnv.AWS_ACCESS_KEY_ID", "hive.metastore.password")) {
      assertTrue(p.matcher(key).find(), key + " would show");
    }
  }

  @Test
  void theNightlyCommandContinuesOneLineageUnderAnExplicitRootThatBothRolesMount() {
    for (JsonNode spec : specs()) {
      List<String> args = strings(spec.get("arguments"));
      assertEquals("nightly", args.get(0));
      String root = after(args, "--root");
      assertFalse(after(args, "--lineage").isBlank());
      assertFalse(args.contains("--night"), "a fixed night would repeat the same night forever");
      assertTrue(root.startsWith("/"), "the run root is absolute: " + root);
      for (String role : List.of("driver", "executor")) {
        assertTrue(mountPaths(spec.get(role)).stream().anyMatch(m -> root.startsWith(m + "/")), role + " does not mount " + root);
      }
      String config = after(args, "-c");
      assertTrue(StreamSupport.stream(spec.at("/driver/configMaps").spliterator(), false)
          .anyMatch(c -> config.startsWith(c.get("path").asText() + "/")), "-c " + config + " is not in a mounted config map");
    }
  }

  @Test
  void everythingTheManifestsNameIsDefinedInDeployK8s() throws IOException {
    Set<String> defined = new HashSet<>();
    try (var files = Files.list(DeployFiles.path("deploy/k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        for (JsonNode doc : DeployFiles.documents("deploy/k8s/" + f.getFileName())) {
          defined.add(doc.get("kind").asText() + "/" + doc.at("/metadata/name").asText());
        }
      }
    }
    for (JsonNode spec : specs()) {
      for (JsonNode v : spec.get("volumes")) {
        assertTrue(defined.contains("PersistentVolumeClaim/" + v.at("/persistentVolumeClaim/claimName").asText()), v.toString());
      }
      for (JsonNode c : spec.at("/driver/configMaps")) assertTrue(defined.contains("ConfigMap/" + c.get("name").asText()));
      assertTrue(defined.contains("ServiceAccount/" + spec.at("/driver/serviceAccount").asText()));
      for (String role : List.of("driver", "executor")) {
        List<String> secrets = new ArrayList<>();
        spec.at("/" + role + "/envFrom").forEach(e -> secrets.add(e.at("/secretRef/name").asText()));
        assertFalse(secrets.isEmpty(), role + " gets no secret: the HTTP backend's key is read on executors too");
        secrets.forEach(s -> assertTrue(defined.contains("Secret/" + s), "Secret/" + s));
      }
    }
  }

  @Test
  void theConfigMapHoldsAValidTribunalConfigWhoseRootAndSeedTheImageAndVolumeProvide(@TempDir Path dir) throws IOException {
    ObjectNode map = DeployFiles.document("deploy/k8s/configmap.yaml");
    JsonNode spec = specs().get(0);
    String config = after(strings(spec.get("arguments")), "-c");
    String key = Path.of(config).getFileName().toString();
    Path file = dir.resolve(key);
    Files.writeString(file, map.at("/data/" + key.replace("~", "~0").replace("/", "~1")).asText());
    TribunalConfig parsed = new ConfigLoader(name -> null).load(file, List.of());
    assertEquals(after(strings(spec.get("arguments")), "--root"), parsed.run().root());
    assertTrue(DockerfileTest.imagePaths().stream().anyMatch(p -> parsed.models().checkpoint().startsWith(p)),
        "models.checkpoint " + parsed.models().checkpoint() + " is not in the image");
    String keyEnv = parsed.models().http().apiKeyEnv();
    assertTrue(DeployFiles.document("deploy/k8s/secret.yaml").at("/stringData").has(keyEnv), keyEnv + " is not in the Secret");
  }

  @Test
  void theImageHoldsTheJarAndDiscoveryScriptTheManifestsName() {
    List<String> inImage = DockerfileTest.imagePaths();
    for (JsonNode spec : specs()) {
      String jar = spec.get("mainApplicationFile").asText();
      assertTrue(jar.startsWith("local://") && inImage.contains(jar.substring("local://".length())), jar);
      for (String role : List.of("executor", "driver")) {
        String script = spec.get("sparkConf").get("spark." + role + ".resource.gpu.discoveryScript").asText();
        assertTrue(inImage.contains(script), script + " is not in the image");
      }
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), "no " + option + " in " + args);
    return args.get(i + 1);
  }

  private static List<String> mountPaths(JsonNode pod) {
    List<String> out = new ArrayList<>();
    pod.path("volumeMounts").forEach(m -> out.add(m.get("mountPath").asText()));
    return out;
  }
}
