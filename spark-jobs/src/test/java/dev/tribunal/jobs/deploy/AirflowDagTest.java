package dev.tribunal.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/airflow/tribunal_nightly.py compiled by python3 and read through its syntax tree (Airflow
 * is not installed here): cluster mode, a timeout, retries, and `tribunal nightly` of one lineage.
 */
class AirflowDagTest {
  private static final String DAG = "deploy/airflow/tribunal_nightly.py";
  private static final String READER = DeployFiles.path("spark-jobs/src/test/resources/dev/tribunal/jobs/deploy/dag_structure.py").toString();
  private static JsonNode dag;

  @BeforeAll
  static void read() throws IOException {
    DeployFiles.Result r = DeployFiles.run(List.of("python3", READER, DAG, "deploy/conf/spark-defaults-gpu.conf"), Map.of());
    assertEquals(0, r.code(), r.err());
    dag = new ObjectMapper().readTree(r.out());
  }

  @Test
  void compiles(@TempDir Path dir) {
    String compile = "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)";
    DeployFiles.Result r = DeployFiles.run(List.of("python3", "-c", compile, DAG, dir.resolve("dag.pyc").toString()), Map.of());
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void oneNightAtATimeWithRetriesAndATimeout() {
    assertEquals(1, dag.at("/dag/max_active_runs").asInt());
    assertEquals(false, dag.at("/dag/catchup").asBoolean(true));
    assertTrue(dag.at("/defaults/retries").asInt() >= 1, dag.toString());
    assertTrue(dag.at("/defaults/execution_timeout_s").asDouble() > 0, "a night that hangs must end");
    assertTrue(dag.at("/defaults/execution_timeout_s").asDouble() < dag.at("/dag/dagrun_timeout").asDouble());
  }

  @Test
  void theDriverRunsOnTheClusterNotOnTheAirflowWorker() {
    assertEquals("cluster", dag.at("/submit/deploy_mode").asText());
    assertEquals("dev.tribunal.jobs.cli.TribunalCli", dag.at("/submit/java_class").asText());
    assertTrue(dag.at("/submit/files").asText().contains("get-gpus.sh"));
  }

  @Test
  void everyNightRunsTribunalNightlyOfTheSameLineageForItsOwnDate() {
    assertEquals(List.of("nightly", "--root", "ROOT", "--lineage", "LINEAGE", "--night", "NIGHT", "-c", "CONFIG"),
        new ObjectMapper().convertValue(dag.get("arguments"), List.class));
    String call = dag.at("/submit/application_args").asText();
    assertTrue(call.startsWith("nightly_arguments(RUN_ROOT, LINEAGE,"), call);
    assertTrue(call.contains("{{ data_interval_end | ds }}"), "a retried run redoes its own night: " + call);
  }

  @Test
  void theConfigItShipsIsAValidTribunalConfig() {
    String shipped = dag.at("/submit/files").asText();
    assertTrue(shipped.contains("/conf/tribunal-nightly.yaml"), shipped);
    TribunalConfig config = new ConfigLoader(name -> null).load(DeployFiles.path("deploy/conf/tribunal-nightly.yaml"), List.of());
    assertTrue(config.run().root().startsWith("/"), "a run root every node mounts: " + config.run().root());
    assertTrue(Path.of(config.models().checkpoint()).isAbsolute(), config.models().checkpoint());
  }

  @Test
  void theSparkSettingsAreTheGpuDefaultsFile() {
    Map<String, String> file = DeployFiles.sparkConf("deploy/conf/spark-defaults-gpu.conf");
    assertEquals(file, new ObjectMapper().convertValue(dag.get("spark_conf"), Map.class));
  }
}
