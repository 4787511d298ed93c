package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.serve.RunModels;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.ModelCache;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.http.ApiKeySource;
import dev.tribunal.worker.serve.OpenAiServer;
import dev.tribunal.worker.serve.ServeOptions;
import dev.tribunal.worker.serve.ServedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Serve a checkpoint over an OpenAI-compatible HTTP API, with the in-JVM runtime:",
        "POST /v1/completions (logprobs, echo), POST /v1/chat/completions (both can stream), GET /v1/models,",
        "GET /health. Bound to loopback unless --host says otherwise; beyond loopback an API key is required",
        "(--api-key-env or --api-key-file), which clients send as 'Authorization: Bearer KEY'. Stop with Ctrl-C.",
        "With --run, every version the run trains is served too, under its version name (the request's 'model'",
        "field), loaded on the first request that names it: the loop over HTTP (models.backend: http) reaches",
        "M_1, M_2, ... without a restart. GET /v1/models lists the versions committed so far."})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "A Hugging Face-format Llama-family checkpoint directory (config.json, model.safetensors, tokenizer.json).")
  Path model;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The name --model is served under (a run's models.seed_version). Default: the directory's name.")
  String name;

  @Option(names = "--run", paramLabel = "DIR",
      description = "A run directory (<run.root>/<run.id>) whose trained versions (iter=<t>/checkpoints) are served by"
          + " name beside --model.")
  Path run;

  @Option(names = "--max-loaded", defaultValue = "2", paramLabel = "N",
      description = "With --run: versions kept loaded at once; the least recently used is dropped. Default: ${DEFAULT-VALUE}.")
  int maxLoaded;

  @Option(names = "--host", defaultValue = ServeOptions.LOOPBACK, description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", defaultValue = "8000", description = "Port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(names = "--api-key-env", paramLabel = "NAME",
      description = "Environment variable holding the API key clients must send (the key itself never goes on the command line).")
  String apiKeyEnv;

  @Option(names = "--api-key-file", paramLabel = "PATH", description = "File holding the API key clients must send.")
  String apiKeyFile;

  @Override
  public Integer call() throws InterruptedException {
    Serving serving = open();
    Runtime.getRuntime().addShutdownHook(new Thread(serving::close));
    System.out.printf("serving %s on http://%s:%d/v1%n", run == null ? serving.server().modelName()
        : serving.server().modelName() + " and the versions of run " + run, host, serving.server().port());
    System.out.flush();
    serving.server().awaitClose();
    return ExitCodes.OK;
  }

  /** The server and the worker it alone owns (null when it serves a run's versions, each loaded per request). */
  record Serving(OpenAiServer server, DjlModelWorker worker) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
      if (worker != null) worker.close();
    }
  }

  /** Checks the options, then starts serving and returns. */
  Serving open() {
    if (!Files.isRegularFile(model.resolve("config.json"))) {
      throw new ConfigException("--model: no config.json in " + model);
    }
    if (run != null && !Files.isDirectory(run)) throw new ConfigException("--run: no run directory " + run);
    if (maxLoaded < 1) throw new ConfigException("--max-loaded must be >= 1, was " + maxLoaded);
    ApiKeySource key = apiKey();
    Path dir = model.toAbsolutePath().normalize();
    String seedName = name != null ? name : dir.getFileName().toString();
    // Read when the JVM's model cache is first used, which is below.
    System.setProperty(ModelCache.CAPACITY_PROPERTY, Integer.toString(maxLoaded));
    DjlModelWorker worker = run == null ? DjlModelWorker.open(seedName, dir, device, RuntimeOptions.DEFAULT) : null;
    ServedModels models = run == null ? ServedModels.of(worker, seedName)
        : new RunModels(seedName, dir, run.toAbsolutePath().normalize(), device, RuntimeOptions.DEFAULT);
    try {
      return new Serving(OpenAiServer.start(models, ServeOptions.of(host, port).withApiKey(key)), worker);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // No key beyond loopback, or a key source that yields nothing: the command line is at fault.
      if (worker != null) worker.close();
      throw new ConfigException(e.getMessage());
    }
  }

  private ApiKeySource apiKey() {
    try {
      return new ApiKeySource(apiKeyEnv, apiKeyFile);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--api-key-env/--api-key-file: " + e.getMessage());
    }
  }
}
