package dev.tribunal.jobs.bond;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelStage;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each sample's log-probability under a model, the response scored as a whole assistant turn after
 * the prompt it was asked (end-of-turn included, as training scores it): log π(y) and log π_ref(y)
 * for the KL estimate KL(π‖π_ref) ≈ mean over π's samples of log π(y) − log π_ref(y). Written to
 * STREAM_logprobs, so several models' scores of one round's samples live side by side.
 */
public record SampleLogprobsStage(TableRef prompts, TableRef samples, ModelUse use, String stream, ActorRole actor)
    implements ModelStage.PerRow {
  public static final StructType SCHEMA = new StructType()
      .add("sample_id", DataTypes.StringType, false)
      .add("logp", DataTypes.DoubleType, false)
      .add("model_version", DataTypes.StringType, false);

  @Override
  public String name() {
    return stream + "-logprobs";
  }

  @Override
  public String table() {
    return stream + "_logprobs";
  }

  @Override
  public Encoder<Row> encoder() {
    return Encoders.row(SCHEMA);
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(prompts, samples);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("actor_template", actor.template().text(), "end_of_turn", true);
  }

  @Override
  public Dataset<Row> input(StageContext context) {
    return Draws.withPrompts(context, List.of(samples), prompts, use.partitions());
  }

  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    List<ScoreRequest> asked = new ArrayList<>(batch.size());
    for (Row s : batch) {
      var prompt = PromptForms.actor(PromptForms.text(s, "prompt_text"), PromptForms.messages(s, "prompt_messages"), actor);
      asked.add(new ScoreRequest(prompt.toWorker(), s.getAs("response"), true));
    }
    List<ScoreResult> scores = model.score(asked);
    List<Row> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      out.add(new GenericRowWithSchema(new Object[] {batch.get(i).getAs("sample_id"), scores.get(i).sum(),
          model.spec().modelVersion()}, SCHEMA));
    }
    return out;
  }
}
