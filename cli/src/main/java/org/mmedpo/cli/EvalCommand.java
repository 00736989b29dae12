package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.model.MedVlm;
import org.mmedpo.platform.PlatformSession;
import org.mmedpo.trainer.TrainerConfig;
import org.mmedpo.trainer.data.ExportStudies;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.trainer.data.TrainingExamples;
import org.mmedpo.trainer.eval.Evaluator;
import org.mmedpo.trainer.eval.PaperMetrics;
import org.mmedpo.trainer.stream.ModelVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo eval}: scores model versions on the held-out studies of an export. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Generate answers and reports for the held-out studies of an export (the SFT "
        + "validation split) and print closed accuracy, open recall, BLEU-1..4 and their mean, "
        + "ROUGE-L F and METEOR for each model, one row per model.",
        "Decoding: temperature eval.temperature (0.2 as the paper; 0 = greedy) with a fixed seed, "
            + "at most eval.max.new.tokens.vqa (64) new tokens per answer and "
            + "eval.max.new.tokens.report (80) per report."})
final class EvalCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "VERSION|PATH",
      description = "A published version or a model archive file; repeat to compare.")
  List<String> models = new ArrayList<>();

  @Option(names = "--versions", description = "Compare the newest BASE version and every "
      + "version published after it (ALIGNED checkpoints), or the last --last of them.")
  boolean versions;

  @Option(names = "--last", paramLabel = "N", description = "With --versions: the base and the "
      + "last N aligned versions (default 3).")
  int last = 3;

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "PACS export.")
  Path from;

  @Override
  public Integer call() throws Exception {
    if (models.isEmpty() && !versions) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "name at least one --model, or --versions");
    }
    PrintWriter out = spec.commandLine().getOut();
    TrainerConfig config = new TrainerConfig(options.sources().lenient())
        .applyEngineSettings();
    int percent = config.getInt(TrainerConfig.SFT_VALIDATION_PERCENT);
    List<TrainingExample> heldOut = TrainingExamples.validation(
        TrainingExamples.of(ExportStudies.read(from)), percent);
    Evaluator evaluator = new Evaluator(new Evaluator.Settings(
        config.getDouble(TrainerConfig.EVAL_TEMPERATURE), config.getLong(TrainerConfig.EVAL_SEED),
        config.getInt(TrainerConfig.EVAL_MAX_NEW_TOKENS_VQA),
        config.getInt(TrainerConfig.EVAL_MAX_NEW_TOKENS_REPORT)), PaperMetrics.create());
    Map<String, byte[]> archives = new LinkedHashMap<>();
    boolean needsTopic = versions || models.stream().anyMatch(m -> !Files.isRegularFile(Path.of(m)));
    try (BlobStore blobs = BlobStore.open(config.blobStoreUri())) {
      List<ModelVersion> published = List.of();
      if (needsTopic) {
        try (PlatformSession session = PlatformSession.open(options.sources())) {
          TrainerConfig c = new TrainerConfig(session.sources().lenient());
          published = ModelVersions.readAll(c, Topics.create(c, EventSerdes.create(c))
              .modelVersions());
        }
      }
      if (versions) {
        ModelVersion base = ModelVersions.base(published, "").orElseThrow(
            () -> new IllegalStateException("no BASE model version is published"));
        List<ModelVersion> aligned = published.stream()
            .filter(v -> v.getKind() == ModelKind.ALIGNED
                && v.getCreatedAt().isAfter(base.getCreatedAt())).toList();
        archives.put(base.getVersion(), fetch(blobs, base));
        for (ModelVersion v : aligned.subList(Math.max(0, aligned.size() - last), aligned.size())) {
          archives.put(v.getVersion(), fetch(blobs, v));
        }
      }
      for (String m : models) {
        Path path = Path.of(m);
        if (Files.isRegularFile(path)) {
          archives.put(path.getFileName().toString(), Files.readAllBytes(path));
        } else {
          ModelVersion v = ModelVersions.find(published, m).orElseThrow(
              () -> new IllegalArgumentException("no model version or file named " + m));
          archives.put(v.getVersion(), fetch(blobs, v));
        }
      }
    }
    out.printf("evaluating %d model(s) on %d held-out examples from %s%n", archives.size(),
        heldOut.size(), from);
    out.flush();
    List<Evaluator.Row> rows = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : archives.entrySet()) {
      try (MedVlm model = MedVlm.load(e.getValue(), config.device(), false)) {
        rows.add(evaluator.evaluate(e.getKey(), model, heldOut));
      }
    }
    out.print(Evaluator.table(rows));
    out.flush();
    return 0;
  }

  private static byte[] fetch(BlobStore blobs, ModelVersion v) {
    byte[] bytes = blobs.get(v.getBlobUri());
    if (!Sha256.hex(bytes).equals(v.getSha256())) {
      throw new IllegalStateException("archive of " + v.getVersion() + " does not match its hash");
    }
    return bytes;
  }
}
