package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.mmedpo.MmedpoExporter;
import org.mmedpo.ingest.mmedpo.PreferenceTopic;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mmedpo export-mmedpo}: the preferences topic in the released MMedPO JSON format. */
@Command(name = "export-mmedpo", mixinStandardHelpOptions = true,
    description = {"Write every sample of the preferences topic in the released MMedPO JSON "
        + "format: imported samples exactly as imported, pipeline samples built from the event "
        + "(images named <sha256>.png; --images writes them)."})
final class ExportMmedpoCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "The file to write.")
  Path out;

  @Option(names = "--images", paramLabel = "DIR", description = "Also write the pipeline samples' images here.")
  Path images;

  @Option(names = "--only-imported", description = "Leave out the samples the pipeline made.")
  boolean onlyImported;

  @Override
  public Integer call() throws Exception {
    ConfigOptions.checkKnown(options.sources(), IngestConfig.DEFINITION, PlatformConfig.DEFINITION);
    try (PlatformSession session = PlatformSession.open(options.sources())) {
      IngestConfig config = new IngestConfig(session.sources().lenient());
      try (BlobStore blobs = BlobStore.open(config)) {
        Topics topics = Topics.create(config, EventSerdes.create(config));
        List<PreferenceSample> samples = PreferenceTopic.readAll(config, topics);
        int written = MmedpoExporter.write(samples, onlyImported, out, images, blobs);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %d items (of %d samples on the topic) to %s%n", written, samples.size(), out.toAbsolutePath());
        w.flush();
      }
    }
    return 0;
  }
}
