package dev.tribunal.jobs.bond;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.DjlPolicyTrainer;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.Ids;
import dev.tribunal.worker.djl.Engines;
import dev.tribunal.worker.train.AnchorUpdate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * J-BOND's moving anchor (spec 3.4) after round t: θ_anchor ← (1 − η)·θ_anchor + η·θ_{t+1}, written
 * as a checkpoint of its own and committed as iter=t/anchor_checkpoints, so a run resumed at any
 * round finds both the policy and the anchor.
 */
public record AnchorUpdateStage(TableRef trained, WorkerSpec anchor, double eta) implements Stage.Named {
  public static final Id ID = new Id("anchor-update", "anchor_checkpoints");

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(trained);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("eta", eta);
  }

  @Override
  public String modelVersion() {
    return anchor.modelVersion();
  }

  @Override
  public StageOutput run(StageContext context) {
    CheckpointRow policy = CheckpointRow.fromRow(context.read(trained).first());
    int t = context.iteration();
    String name = "anchor-round=" + (t + 1) + "-" + System.currentTimeMillis();
    Path written = Engines.bondTrainer("cpu").updateAnchor(new AnchorUpdate(DjlPolicyTrainer.checkpoint(anchor),
        ModelStore.local(policy.version(), policy.path()), eta, ModelStore.workDir(context.run(), name), t + 1));
    String committed = ModelStore.commit(context.run(), written,
        new org.apache.hadoop.fs.Path(context.run().path(), "models/bond/" + name));
    String version = "A" + (t + 1) + "-" + Ids.hex(Ids.hash64(anchor.modelVersion(), policy.version(),
        Double.toString(eta))).substring(0, 10);
    CheckpointRow row = new CheckpointRow(t, version, committed, anchor.modelVersion(), policy.version(),
        "ema", 0, Map.of("eta", eta));
    return StageOutput.of(context.spark().createDataFrame(List.of(row.toRow()), CheckpointRow.SCHEMA));
  }
}
