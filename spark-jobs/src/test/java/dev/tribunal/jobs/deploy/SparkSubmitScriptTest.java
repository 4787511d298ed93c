package dev.tribunal.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command lines deploy/spark-submit.sh builds, printed with --print instead of run. */
class SparkSubmitScriptTest {
  private static final List<String> NIGHTLY = List.of("nightly", "--root", "hdfs:///tribunal/runs", "--lineage", "main");

  private static DeployFiles.Result submit(List<String> options) {
    List<String> command = new ArrayList<>(List.of("bash", "deploy/spark-submit.sh"));
    command.addAll(options);
    return DeployFiles.run(command, Map.of("SPARK_SUBMIT_OPTS_EXTRA", ""));
  }

  private static List<String> printed(String... wrapperOptions) {
    List<String> options = new ArrayList<>(List.of(wrapperOptions));
    options.add("--print");
    options.add("--");
    options.addAll(NIGHTLY);
    DeployFiles.Result r = submit(options);
    assertEquals(0, r.code(), r.err());
    return r.lines();
  }

  /** The value after each occurrence of an option, in order. */
  private static List<String> values(List<String> cmd, String option) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cmd.size() - 1; i++) if (cmd.get(i).equals(option)) out.add(cmd.get(i + 1));
    return out;
  }

  @Test
  void yarnClusterModeCarriesEveryGpuSettingAsConfAndKeepsTheClustersDefaults() {
    List<String> cmd = printed("--master", "yarn", "--num-executors", "8");
    assertEquals("spark-submit", cmd.get(0));
    assertEquals(List.of("yarn"), values(cmd, "--master"));
    assertEquals(List.of("cluster"), values(cmd, "--deploy-mode"));
    assertEquals(List.of("8"), values(cmd, "--num-executors"));
    assertEquals(List.of("dev.tribunal.jobs.cli.TribunalCli"), values(cmd, "--class"));
    assertFalse(cmd.contains("--properties-file"), "a properties file would make spark-submit skip spark-defaults.conf");
    List<String> conf = values(cmd, "--conf");
    DeployFiles.sparkConf("deploy/conf/spark-defaults-gpu.conf").forEach((k, v) -> assertTrue(conf.contains(k + "=" + v), k));
    assertTrue(values(cmd, "--files").get(0).endsWith("deploy/conf/get-gpus.sh"));
    int jar = cmd.indexOf(DeployFiles.path("spark-jobs/target/tribunal-assembly.jar").toString());
    assertTrue(jar > 0, "the assembly jar: " + cmd);
    assertEquals(NIGHTLY, cmd.subList(jar + 1, cmd.size()), "tribunal's arguments follow the jar unchanged");
  }

  @Test
  void inClientModeTheDriverFindsTheDiscoveryScriptHere() {
    List<String> conf = values(printed("--master", "yarn", "--deploy-mode", "client"), "--conf");
    assertTrue(conf.contains("spark.driver.resource.gpu.discoveryScript=" + DeployFiles.path("deploy/conf/get-gpus.sh")), conf.toString());
    assertTrue(conf.contains("spark.executor.resource.gpu.discoveryScript=./get-gpus.sh"), conf.toString());
  }

  @Test
  void aConfGivenToTheWrapperComesAfterTheFilesAndWins() {
    List<String> conf = values(printed("--master", "spark://m:7077", "--conf", "spark.executor.memory=40g"), "--conf");
    assertTrue(conf.indexOf("spark.executor.memory=40g") > conf.indexOf("spark.executor.memory=24g"), conf.toString());
  }

  @Test
  void onKubernetesTheJarAndScriptComeFromTheImage() {
    List<String> cmd = printed("--master", "k8s://https://k8s.example:6443", "--image", "registry.example.com/tribunal:0.1.0");
    assertTrue(cmd.contains("local:///opt/tribunal/tribunal-assembly.jar"));
    assertFalse(cmd.contains("--files"));
    List<String> conf = values(cmd, "--conf");
    assertTrue(conf.contains("spark.kubernetes.container.image=registry.example.com/tribunal:0.1.0"));
    assertTrue(conf.contains("spark.executor.resource.gpu.discoveryScript=/opt/tribunal/get-gpus.sh"));
    assertTrue(DockerfileTest.imagePaths().contains("/opt/tribunal/get-gpus.sh"));
  }

  @Test
  void withoutAMasterOrWithALocalOneItRefusesInsteadOfRunningLocally() {
    DeployFiles.Result none = submit(List.of("--print", "--", "iterate"));
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no --master"), none.err());
    DeployFiles.Result local = submit(List.of("--master", "local[*]", "--print", "--", "iterate"));
    assertEquals(2, local.code());
    assertTrue(local.err().contains("local masters cannot schedule GPUs"), local.err());
    DeployFiles.Result noImage = submit(List.of("--master", "k8s://https://h:6443", "--print", "--", "iterate"));
    assertEquals(2, noImage.code());
    assertTrue(noImage.err().contains("needs --image"), noImage.err());
  }

  @Test
  void helpExplainsTheOptions() {
    DeployFiles.Result r = submit(List.of("--help"));
    assertEquals(0, r.code());
    for (String option : List.of("--master", "--deploy-mode", "--conf-file", "--print", "--image", "--jar")) {
      assertTrue(r.out().contains(option), option);
    }
  }
}
