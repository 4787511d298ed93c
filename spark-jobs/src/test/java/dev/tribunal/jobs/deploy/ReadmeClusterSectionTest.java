package dev.tribunal.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "On a cluster" section names only files that exist, and the commands the tests check. */
class ReadmeClusterSectionTest {
  private static String section() {
    String readme = DeployFiles.text("README.md");
    int start = readme.indexOf("## On a cluster");
    int end = readme.indexOf("\n## ", start + 1);
    assertTrue(start >= 0 && end > start, "no On a cluster section");
    return readme.substring(start, end);
  }

  @Test
  void everyDeployFileItNamesExists() {
    Matcher m = Pattern.compile("deploy/[\\w./-]*[\\w]").matcher(section());
    List<String> named = new ArrayList<>();
    while (m.find()) named.add(m.group());
    assertTrue(named.size() > 10, named.toString());
    for (String path : named) {
      String file = path.startsWith("deploy/k8s/") && !path.endsWith(".yaml") ? path + ".yaml" : path;
      assertTrue(Files.exists(DeployFiles.path(file)), path + " is named in the README but does not exist");
    }
  }

  @Test
  void itBuildsTheImageTheTestsCheckAndAppliesEveryManifest() {
    String s = section();
    assertTrue(s.contains("docker build -f deploy/Dockerfile"));
    assertTrue(s.contains("-Pgpu,assembly"));
    for (String f : List.of("rbac", "pvc", "configmap", "sparkapplication", "scheduled-sparkapplication")) {
      assertTrue(s.contains("-f deploy/k8s/" + f + ".yaml"), f);
    }
    assertTrue(s.contains("nightly --root"), "the nightly command");
  }
}
